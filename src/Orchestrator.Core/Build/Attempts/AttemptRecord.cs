using Orchestrator.Core.Agents;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Build.Attempts;

/// <summary>One dispatched agent attempt, as recorded in the journal and the result.</summary>
/// <param name="ChunkId">The chunk; null for the opus reviewer.</param>
/// <param name="Attempt">1-based ladder attempt (1 for reviewers).</param>
/// <param name="Role">Executor, reviewer or opus reviewer.</param>
/// <param name="Tier">Tier the attempt ran at.</param>
/// <param name="DurationMs">Wall time of the attempt.</param>
/// <param name="CostUsd">Cost reported by the runner.</param>
/// <param name="Tokens">Tokens reported by the runner.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Reason">Why it did not succeed (or null).</param>
/// <param name="LogPath">The raw agent log.</param>
public sealed record AttemptRecord(
    string? ChunkId,
    int Attempt,
    AgentRole Role,
    ModelTier Tier,
    long DurationMs,
    decimal CostUsd,
    TokenUsage Tokens,
    AttemptOutcome Outcome,
    string? Reason,
    string? LogPath)
{
    /// <summary>Files the executor claimed to change that its diff does not change.</summary>
    public string? Discrepancy { get; init; }

    /// <summary>Whose failure a failed attempt was; null unless it failed.</summary>
    public AgentFailureClass? FailureClass { get; init; }

    /// <summary>Cluster mode: the worker that ran the attempt; null when it ran on this machine.</summary>
    public string? Worker { get; init; }
}
