namespace Orchestrator.McpServer.Dashboard.Views;

/// <summary>A session's spec / plan / divide / close job that has not ended, whichever server started it; build_cancel with its id stops it.</summary>
internal sealed record DashboardJob(string Id, string Phase, string Status, int? WorkerPid, string? Progress);
