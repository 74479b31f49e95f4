using System.Globalization;
using ModelContextProtocol;
using Orchestrator.Core.Close;

namespace Orchestrator.McpServer.Tools;

/// <summary>
/// Forwards close's step messages (<see cref="CloseStepProgress"/>) as MCP progress notifications numbered step of
/// <see cref="CloseProgress.Total"/> (the SDK sends them only when the client asked for progress).
/// </summary>
internal sealed class CloseStepNotifications(IProgress<ProgressNotificationValue> progress) : IProgress<string>
{
    public void Report(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var colon = value.IndexOf(": ", StringComparison.Ordinal);
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (value.StartsWith(CloseStepProgress.Prefix, StringComparison.Ordinal) && slash > 0 && colon > slash
            && int.TryParse(value.AsSpan(CloseStepProgress.Prefix.Length, slash - CloseStepProgress.Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var step))
        {
            progress.Report(new ProgressNotificationValue { Progress = step, Total = CloseProgress.Total, Message = $"close: {value[(colon + 2)..]}" });
            return;
        }

        progress.Report(new ProgressNotificationValue { Progress = 0, Total = CloseProgress.Total, Message = value });
    }
}
