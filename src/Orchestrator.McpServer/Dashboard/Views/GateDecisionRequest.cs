namespace Orchestrator.McpServer.Dashboard.Views;

/// <summary>The page's gate decision: <c>{ "decision": "approve", "note": "..." }</c>.</summary>
internal sealed record GateDecisionRequest(string? Decision, string? Note);
