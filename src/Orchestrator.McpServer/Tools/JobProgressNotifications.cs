using ModelContextProtocol;
using Orchestrator.Core.Planning;

namespace Orchestrator.McpServer.Tools;

/// <summary>
/// A job's <see cref="JobProgress"/> as MCP progress notifications, numbered from its values instead of its text.
/// <see cref="Stepped"/> sends a counted step as step of total (close's "3/8 close: running the quality gate") and
/// drops a step that arrives after a later one, since MCP wants progress to increase (the replayed last message can
/// race the next). <see cref="Numbered"/> numbers the messages 1, 2, 3... without a total, as spec, plan and divide
/// always have (their agents finish in any order, so their own counts would not only grow).
/// </summary>
internal sealed class JobProgressNotifications : IProgress<JobProgress>
{
    private readonly IProgress<ProgressNotificationValue> target;
    private readonly bool bySteps;
    private readonly Lock sync = new();
    private int lastStep = -1;
    private int numbered;

    private JobProgressNotifications(IProgress<ProgressNotificationValue> target, bool bySteps)
    {
        this.target = target;
        this.bySteps = bySteps;
    }

    /// <summary>Step of total for counted progress (an uncounted message is numbered like <see cref="Numbered"/>).</summary>
    public static JobProgressNotifications Stepped(IProgress<ProgressNotificationValue> target) => new(target, bySteps: true);

    /// <summary>Each message gets the next number, no total.</summary>
    public static JobProgressNotifications Numbered(IProgress<ProgressNotificationValue> target) => new(target, bySteps: false);

    public void Report(JobProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        // Sent under the lock, so two reports racing each other reach the target in the order they were numbered.
        lock (sync)
        {
            if (!bySteps || !value.IsCounted)
            {
                target.Report(new ProgressNotificationValue { Progress = ++numbered, Message = value.Message });
            }
            else if (value.Step >= lastStep)
            {
                lastStep = value.Step;
                target.Report(new ProgressNotificationValue { Progress = value.Step, Total = value.Total, Message = value.Message });
            }
        }
    }
}
