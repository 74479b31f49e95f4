namespace Orchestrator.McpServer.Dashboard.Views;

/// <summary>A chunk of the session's plan: scope, files, tier, what it depends on and its wave (DAG level, 1-based).</summary>
internal sealed record DashboardPlannedChunk(string Id, string Scope, IReadOnlyList<string> Files, string Model, IReadOnlyList<string> DependsOn, int Wave, bool Tests);
