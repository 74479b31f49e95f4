using Orchestrator.Core.Agents;

namespace Orchestrator.Core.Planning.PhaseAgents;

/// <summary>
/// Runs one agent job outside the build loop (spec, plan, divide) with the same guarantees the loop gives: the
/// timeout is enforced even if a runner ignores it, and a crashing or hanging runner is a failed answer, not an exception.
/// </summary>
public sealed class PhaseAgentDispatcher(TimeProvider timeProvider)
{
    public async Task<PhaseAgentAnswer> RunAsync(IAgentRunner runner, AgentJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(job);
        Directory.CreateDirectory(Path.GetDirectoryName(job.LogPath)!);
        using var timeout = new CancellationTokenSource(job.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var outcome = await runner.RunAsync(job, linked.Token).WaitAsync(linked.Token).ConfigureAwait(false);
            return outcome.Status switch
            {
                AgentOutcomeStatus.Completed => new PhaseAgentAnswer(outcome.StructuredOutput, null, outcome.CostUsd),
                AgentOutcomeStatus.TimedOut => new PhaseAgentAnswer(null, $"timed out after {job.Timeout.TotalMinutes:0} min", outcome.CostUsd),
                _ => new PhaseAgentAnswer(null, outcome.FailureReason ?? outcome.Status.ToString().ToLowerInvariant(), outcome.CostUsd),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            return new PhaseAgentAnswer(null, $"timed out after {job.Timeout.TotalMinutes:0} min", 0m);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new PhaseAgentAnswer(null, $"the {runner.Name} runner failed: {ex.Message}", 0m);
        }
    }
}
