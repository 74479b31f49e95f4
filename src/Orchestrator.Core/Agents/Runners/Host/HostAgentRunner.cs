using System.Text;
using System.Text.Json;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Agents.Runners.Host;

/// <summary>
/// The <c>host</c> runner: queues each job in the <see cref="HostJobBroker"/> and waits for the MCP client's answer.
/// It honours the job's timeout itself (the engine enforces it as well) and withdraws the job when the attempt is
/// cancelled or timed out, so a late answer is refused instead of silently landing.
/// </summary>
internal sealed class HostAgentRunner(HostJobBroker broker, TimeProvider timeProvider) : IAgentRunner
{
    public string Name => "host";

    public async Task<AgentOutcome> RunAsync(AgentJob job, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var pending = broker.Enqueue(job);
        using var timeout = new CancellationTokenSource(job.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        HostAnswer answer;
        try
        {
            answer = await pending.Answer.Task.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            broker.Withdraw(pending);

            // The answer may have landed between the cancellation and the withdrawal; then it still counts.
            if (!pending.Answer.Task.IsCompletedSuccessfully)
            {
                var timedOut = !cancellationToken.IsCancellationRequested;
                return new AgentOutcome(
                    timedOut ? AgentOutcomeStatus.TimedOut : AgentOutcomeStatus.Cancelled,
                    null,
                    timedOut ? $"agent timed out after {job.Timeout}: the host did not answer job {pending.Job.JobId}" : "cancelled",
                    0m,
                    TokenUsage.None,
                    timeProvider.GetElapsedTime(started),
                    job.LogPath);
            }

            answer = pending.Answer.Task.Result;
        }

        WriteLog(job, pending.Job.JobId, answer);
        var duration = timeProvider.GetElapsedTime(started);

        // The host pays for its own sub-agents: no cost or tokens are known here.
        return answer.Problem is null
            ? new AgentOutcome(AgentOutcomeStatus.Completed, answer.Output, null, 0m, TokenUsage.None, duration, job.LogPath)
            : new AgentOutcome(AgentOutcomeStatus.Failed, answer.Output, answer.Problem, 0m, TokenUsage.None, duration, job.LogPath);
    }

    private static void WriteLog(AgentJob job, string hostJobId, HostAnswer answer)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(job.LogPath)!);
            var text = new StringBuilder()
                .AppendLine($"host answer for job {hostJobId} (engine job {job.JobId}; {job.Role}, {job.Tier})")
                .AppendLine(answer.Output is { } output ? JsonSerializer.Serialize(output, CommonJsonContext.Default.JsonElement) : "(no output)")
                .AppendLine(answer.Problem is null ? "accepted" : $"rejected: {answer.Problem}")
                .ToString();
            File.WriteAllText(job.LogPath, text);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // The log is a convenience; a run never fails because its log could not be written.
        }
    }
}
