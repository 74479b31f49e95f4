using Orchestrator.Core.Sessions;

namespace Orchestrator.McpServer.Dashboard.Views;

/// <summary>One gate of a session as the dashboard shows it.</summary>
internal sealed record DashboardGate(string Name, string Status, string? Decision, string? DecidedBy, string? Note, DateTimeOffset? DecidedAt)
{
    public static DashboardGate From(string name, GateState gate) =>
        new(name, gate.Status, gate.Decision, gate.DecidedBy, gate.Note, gate.DecidedAt);
}
