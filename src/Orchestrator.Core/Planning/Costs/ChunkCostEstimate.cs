namespace Orchestrator.Core.Planning.Costs;

/// <summary>One chunk's share of a <see cref="PlanCostEstimate"/> (USD, to a hundredth of a cent).</summary>
public sealed record ChunkCostEstimate(string Id, string Tier, bool OpusReview, decimal LowUsd, decimal ExpectedUsd, decimal HighUsd);
