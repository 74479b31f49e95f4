namespace Orchestrator.Bench;

/// <summary>One server's figures in <see cref="CallsBenchmark"/>; the call figures are null when no tool was given.</summary>
internal sealed record CallsBenchmarkRow(
    string Label,
    string? Tool,
    int ToolsListBytes,
    int ToolCount,
    double? P50,
    double? P95,
    double? RequestsPerSecond,
    double IdleRssMb,
    double? AfterCallsRssMb);
