namespace Orchestrator.McpServer.Dashboard.Views;

/// <summary>A session row: what it builds, where it is, its gates and runs; <see cref="Error"/> when its STATE.md is unreadable.</summary>
internal sealed record DashboardSession(
    string Id,
    string Description,
    string Phase,
    string Status,
    string Branch,
    string WorkTree,
    DateTimeOffset? StartedAt,
    DateTimeOffset? Updated,
    IReadOnlyList<DashboardGate> Gates,
    IReadOnlyList<string> Runs,
    string? Error)
{
    /// <summary>Its live phase job (read from the job's folder and its worker's lock), if any.</summary>
    public DashboardJob? Job { get; init; }
}
