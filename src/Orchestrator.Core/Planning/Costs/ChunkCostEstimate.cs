namespace Orchestrator.Core.Planning.Costs;

/// <summary>One chunk's share of a <see cref="PlanCostEstimate"/> (USD, rounded to cents).</summary>
public sealed record ChunkCostEstimate(string Id, string Tier, bool OpusReview, decimal LowUsd, decimal ExpectedUsd, decimal HighUsd);
