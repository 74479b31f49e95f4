namespace Orchestrator.Core.Planning;

/// <summary>The divide phase's outcome (saved as chunks.json; the build gate is open).</summary>
public sealed record DivideResult(
    SessionChunkPlan ChunkPlan,
    IReadOnlyList<IReadOnlyList<string>> Order,
    IReadOnlyList<TestProbeHit> TestEvidence,
    IReadOnlyList<OpusReviewSuggestion> OpusReviewSuggested,
    string DividedBy,
    decimal CostUsd);
