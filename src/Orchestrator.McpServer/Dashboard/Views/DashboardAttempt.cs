
namespace Orchestrator.McpServer.Dashboard.Views;

/// <summary>One finished agent attempt; <see cref="Log"/> is the log's file name inside the run's logs folder.</summary>
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
    bool LogExists);
