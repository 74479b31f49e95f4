using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Runs;

namespace Orchestrator.Core.Build.Attempts;

/// <summary>
/// Calls the runner for one job under the engine's own timeout (enforced even when a runner ignores its token) and
/// maps the runner's outcome onto the attempt's: timeout, stall and spiral told apart, cancellation from timeout.
/// </summary>
internal sealed class RunnerInvoker(BuildRunContext context)
{
    public async Task<(AgentOutcome? Outcome, AttemptOutcome Status, string? Reason)> InvokeAsync(AgentJob job, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(job.Timeout, context.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        Task<AgentOutcome>? running = null;
        try
        {
            running = context.Runner.RunAsync(job, linked.Token);

            // WaitAsync ends the wait even when a runner ignores its token: the engine enforces the timeout itself.
            var outcome = await running.WaitAsync(linked.Token).ConfigureAwait(false);
            return outcome.Status switch
            {
                AgentOutcomeStatus.Completed => (outcome, AttemptOutcome.Succeeded, null),
                AgentOutcomeStatus.TimedOut => (outcome, AttemptOutcome.TimedOut, outcome.FailureReason ?? TimedOutReason(job)),
                AgentOutcomeStatus.Stalled => (outcome, AttemptOutcome.Stalled, outcome.FailureReason ?? "agent stalled"),
                AgentOutcomeStatus.Spiral => (outcome, AttemptOutcome.Spiral, outcome.FailureReason ?? "spiral"),
                AgentOutcomeStatus.Cancelled when cancellationToken.IsCancellationRequested => (outcome, AttemptOutcome.Cancelled, "cancelled"),
                AgentOutcomeStatus.Cancelled when timeout.IsCancellationRequested => (outcome, AttemptOutcome.TimedOut, TimedOutReason(job)),
                _ => (outcome, AttemptOutcome.Failed, outcome.FailureReason ?? AgentOutputParser.NoResult),
            };
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            // Give the runner a bounded moment to stop its process tree before the workspace it runs in is removed.
            await WaitForStopAsync(running, context.Options.AgentStopGrace).ConfigureAwait(false);
            ObserveAbandoned(running);
            return cancellationToken.IsCancellationRequested
                ? (null, AttemptOutcome.Cancelled, "cancelled")
                : (null, AttemptOutcome.TimedOut, TimedOutReason(job));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A runner that throws is treated like an agent that crashed: a failed attempt, not a dead run.
            return (null, AttemptOutcome.Failed, $"runner {context.Runner.Name} failed: {ex.Message}");
        }
    }

    private static string TimedOutReason(AgentJob job) => $"agent timed out after {job.Timeout}";

    private static async Task WaitForStopAsync(Task? running, TimeSpan grace)
    {
        if (running is null || grace <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await running.WaitAsync(grace).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // Still running after the grace: abandoned (observed below).
        }
        catch (Exception)
        {
            // The runner failed while stopping; ObserveAbandoned has nothing left to do but the attempt is over anyway.
        }
    }

    private static void ObserveAbandoned(Task? running)
    {
        // A runner that ignored its token keeps running in the background; make sure its eventual fault is observed.
        running?.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }
}
