namespace Orchestrator.McpServer.Tools;

/// <summary>The <c>status</c> of a spec, plan or divide result: its agents still work, or the result is complete.</summary>
internal static class PhaseJobStatus
{
    public const string Running = "running";
    public const string Done = "done";
}
