
namespace Orchestrator.McpServer.Dashboard.Views;

/// <summary>
/// One finished agent attempt; <see cref="Log"/> is the log's file name inside the run's logs folder, <see cref="Worker"/>
/// the cluster worker that ran it (null on this machine).
/// </summary>
internal sealed record DashboardAttempt(
    string? ChunkId,
    int Attempt,
    string Role,
    string Tier,
    string Outcome,
    string? Reason,
    decimal CostUsd,
    long DurationMs,
    string? Log,
    bool LogExists,
    string? Worker);
