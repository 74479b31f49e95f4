namespace Orchestrator.McpServer.Dashboard.Views;

/// <summary>An issue of the local tracker that names the session: its number, title and labels.</summary>
internal sealed record DashboardIssue(int Number, string Title, IReadOnlyList<string> Labels);
