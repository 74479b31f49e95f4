namespace Orchestrator.McpServer.Tools;

/// <summary>
/// Argument descriptions every tool shares, worded once (tools/list is paid for in every conversation). On the wire the
/// SDK escapes quotes and apostrophes as six-byte \u0022 / \u0027, so descriptions avoid them.
/// </summary>
internal static class ToolDescriptions
{
    public const string ProjectRoot = "Repository path. Default: the client root, else --project.";
}
