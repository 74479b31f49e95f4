using Orchestrator.Core.Close;

namespace Orchestrator.McpServer.Tools;

/// <summary>
/// Close's steps as job progress messages ("close 3/8: running the quality gate"), the text a later caller sees in
/// <c>running</c> and <see cref="CloseStepNotifications"/> turns back into numbered MCP progress.
/// </summary>
internal sealed class CloseStepProgress(IProgress<string> messages) : IProgress<CloseProgress>
{
    public const string Prefix = "close ";

    public void Report(CloseProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        messages.Report($"{Prefix}{value.Step}/{CloseProgress.Total}: {value.Message}");
    }
}
