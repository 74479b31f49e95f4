namespace Orchestrator.McpServer.Dashboard.Views;

/// <summary>Everything on the dashboard's front: the project, its sessions and runs; <see cref="Problem"/> when the project is unusable.</summary>
internal sealed record DashboardOverview(
    string? Project,
    bool GateDecisions,
    IReadOnlyList<DashboardSession> Sessions,
    IReadOnlyList<DashboardRunSummary> Runs,
    string? Problem);
