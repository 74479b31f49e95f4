using Orchestrator.Core.Planning.Costs;

namespace Orchestrator.Core.Planning;

/// <summary>The divide phase's outcome (saved as chunks.json; the build gate is open). <c>OpusReviewSuggested</c>: the flags divide set, with why.</summary>
public sealed record DivideResult(
    SessionChunkPlan ChunkPlan,
    IReadOnlyList<IReadOnlyList<string>> Order,
    IReadOnlyList<TestProbeHit> TestEvidence,
    IReadOnlyList<OpusReviewSuggestion> OpusReviewSuggested,
    string DividedBy,
    decimal CostUsd)
{
    /// <summary>The plan's estimated cost (saved as cost-estimate.json).</summary>
    public PlanCostEstimate? CostEstimate { get; init; }
}
