namespace Orchestrator.McpServer.Tools;

/// <summary>Argument descriptions every tool shares, worded once (tools/list is paid for in every conversation).</summary>
internal static class ToolDescriptions
{
    public const string ProjectRoot = "Repository path. Default: the client's root, else --project.";
}
