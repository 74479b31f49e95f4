namespace Orchestrator.McpServer.Tools;

/// <summary>The <c>status</c> of a spec, plan, divide or close result: its job still works, or the result is complete.</summary>
internal static class PhaseJobStatus
{
    public const string Running = "running";
    public const string Done = "done";

    /// <summary>close: the publish gate has to approve what it would commit and push first.</summary>
    public const string AwaitingApproval = "awaiting_approval";
}
