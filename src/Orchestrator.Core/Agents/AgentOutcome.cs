using System.Text.Json;

namespace Orchestrator.Core.Agents;

/// <summary>What a runner reports for one job. Runners return outcomes; they throw only for bugs.</summary>
public sealed record AgentOutcome(
    AgentOutcomeStatus Status,
    JsonElement? StructuredOutput,
    string? FailureReason,
    decimal CostUsd,
    TokenUsage Tokens,
    TimeSpan Duration,
    string? LogPath)
{
    /// <summary>The cluster worker that ran the job; null when it ran on this machine.</summary>
    public string? Worker { get; init; }

    /// <summary>
    /// Cluster workers that died while running this job before it was placed again elsewhere (an infrastructure
    /// failure: it does not count as an attempt).
    /// </summary>
    public IReadOnlyList<string> LostWorkers { get; init; } = [];
}
