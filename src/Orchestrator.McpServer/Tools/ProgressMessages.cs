using ModelContextProtocol;

namespace Orchestrator.McpServer.Tools;

/// <summary>Core's progress messages as MCP progress notifications (a step count that only grows, plus the message).</summary>
internal sealed class ProgressMessages(IProgress<ProgressNotificationValue> target) : IProgress<string>
{
    private int step;

    public void Report(string value) =>
        target.Report(new ProgressNotificationValue { Progress = Interlocked.Increment(ref step), Message = value });
}
