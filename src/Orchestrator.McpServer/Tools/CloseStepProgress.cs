using ModelContextProtocol;
using Orchestrator.Core.Close;

namespace Orchestrator.McpServer.Tools;

/// <summary>Forwards close's steps as MCP progress notifications (the SDK sends them only when the client asked for progress).</summary>
internal sealed class CloseStepProgress(IProgress<ProgressNotificationValue> progress) : IProgress<CloseProgress>
{
    public void Report(CloseProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        progress.Report(new ProgressNotificationValue { Progress = value.Step, Total = CloseProgress.Total, Message = $"close: {value.Message}" });
    }
}
