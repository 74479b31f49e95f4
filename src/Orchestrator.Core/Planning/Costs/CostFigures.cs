using Orchestrator.Core.Agents;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Planning.Costs;

/// <summary>
/// What one agent attempt costs (USD) per tier, for one runner: the project's own average where its metrics have one,
/// else the default. Defaults are rough list-price figures for a typical chunk-sized attempt (a few dozen tool calls):
/// claude haiku $0.05, sonnet $0.40, opus $2.00; codex (the same model at low/medium/high effort) $0.10, $0.30, $0.90;
/// command and host runners report no cost, so their defaults are the claude figures, marked as assumed.
/// </summary>
public sealed record CostFigures(RunnerKind Runner, decimal Haiku, decimal Sonnet, decimal Opus)
{
    /// <summary>Expected extra executor attempts per chunk (retries) when there is no history: 0.3.</summary>
    public const double DefaultRetriesPerChunk = 0.3;

    /// <summary>Expected reviewer attempts per chunk when there is no history: one sonnet reviewer each.</summary>
    public const double DefaultReviewsPerChunk = 1.0;

    /// <summary>Where the per-attempt figures came from ("defaults", or "history of N session(s)" per tier).</summary>
    public string Basis { get; init; } = "defaults";

    /// <summary>Expected extra executor attempts per chunk.</summary>
    public double RetriesPerChunk { get; init; } = DefaultRetriesPerChunk;

    /// <summary>Expected reviewer attempts per chunk (per-chunk reviewers and fix-round reviews).</summary>
    public double ReviewsPerChunk { get; init; } = DefaultReviewsPerChunk;

    /// <summary>The default figures of <paramref name="runner"/>.</summary>
    public static CostFigures Defaults(RunnerKind runner) => runner switch
    {
        RunnerKind.Codex => new CostFigures(runner, 0.10m, 0.30m, 0.90m),
        RunnerKind.Claude => new CostFigures(runner, 0.05m, 0.40m, 2.00m),
        _ => new CostFigures(runner, 0.05m, 0.40m, 2.00m) { Basis = "defaults (assumed: this runner reports no cost)" },
    };

    /// <summary>The expected cost of one attempt at <paramref name="tier"/>.</summary>
    public decimal PerAttempt(ModelTier tier) => tier switch
    {
        ModelTier.Haiku => Haiku,
        ModelTier.Opus => Opus,
        _ => Sonnet,
    };

    /// <summary>The expected cost of one attempt of <paramref name="role"/> at <paramref name="tier"/> (reviewers at their own tier).</summary>
    public decimal PerAttempt(AgentRole role, ModelTier tier) => role switch
    {
        AgentRole.OpusReviewer => Opus,
        AgentRole.Reviewer => Sonnet,
        _ => PerAttempt(tier),
    };
}
