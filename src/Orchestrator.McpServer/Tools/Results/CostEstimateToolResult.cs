using System.Text.Json.Serialization;
using Orchestrator.Core.Planning.Costs;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>A plan's estimated cost (USD): the range, what it assumes, and per chunk the expected figure.</summary>
public sealed record CostEstimateToolResult(
    [property: JsonPropertyName("low_usd")] decimal LowUsd,
    [property: JsonPropertyName("expected_usd")] decimal ExpectedUsd,
    [property: JsonPropertyName("high_usd")] decimal HighUsd,
    [property: JsonPropertyName("runner")] string Runner,
    [property: JsonPropertyName("basis")] string Basis,
    [property: JsonPropertyName("per_chunk_usd")] IReadOnlyDictionary<string, decimal> PerChunkUsd)
{
    public static CostEstimateToolResult? From(PlanCostEstimate? estimate) => estimate is null ? null : new(
        estimate.LowUsd, estimate.ExpectedUsd, estimate.HighUsd, estimate.Runner, estimate.Basis,
        estimate.Chunks.ToDictionary(c => c.Id, c => c.ExpectedUsd, StringComparer.Ordinal));
}
