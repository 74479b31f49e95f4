using ModelContextProtocol;
using Orchestrator.Core.Planning;

namespace Orchestrator.McpServer.Tools;

/// <summary>
/// A job's <see cref="JobProgress"/> as MCP progress notifications: a counted step goes out as step of total (close's
/// "3/8 close: running the quality gate"); a job that cannot count gets a number that only grows, one per message.
/// MCP wants progress to increase, so a step that arrives after a later one (two agents finishing at once, or the
/// replayed last message racing the next) is not sent.
/// </summary>
internal sealed class JobProgressNotifications(IProgress<ProgressNotificationValue> target) : IProgress<JobProgress>
{
    private readonly Lock sync = new();
    private int sent = -1;
    private int uncounted;

    public void Report(JobProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        // Sent under the lock, so two reports racing each other reach the target in the order they were numbered.
        lock (sync)
        {
            if (!value.IsCounted)
            {
                target.Report(new ProgressNotificationValue { Progress = ++uncounted, Message = value.Message });
            }
            else if (value.Step >= sent)
            {
                sent = value.Step;
                target.Report(new ProgressNotificationValue { Progress = value.Step, Total = value.Total, Message = value.Message });
            }
        }
    }
}
