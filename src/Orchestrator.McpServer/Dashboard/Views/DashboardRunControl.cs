namespace Orchestrator.McpServer.Dashboard.Views;

/// <summary>The answer to a cancel or resume from the dashboard: the run it acted on.</summary>
/// <param name="RunId">The run's id (<c>run_id</c> on the wire).</param>
internal sealed record DashboardRunControl(string RunId);
