namespace Orchestrator.McpServer.Dashboard.Views;

/// <summary>What the page gets back after deciding a gate.</summary>
internal sealed record DashboardGateDecision(string SessionId, string Gate, string Decision, string DecidedBy, string Status, string? Note, string Phase);
