using System.Text.Json.Serialization;
using Orchestrator.Core.Planning.Costs;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>The estimated cost range (USD) a run started with, beside its actual costUsd in build_result.</summary>
public sealed record CostRangeToolResult(
    [property: JsonPropertyName("low")] decimal Low,
    [property: JsonPropertyName("expected")] decimal Expected,
    [property: JsonPropertyName("high")] decimal High,
    [property: JsonPropertyName("basis")] string Basis)
{
    public static CostRangeToolResult? From(PlanCostEstimate? estimate) =>
        estimate is null ? null : new(estimate.LowUsd, estimate.ExpectedUsd, estimate.HighUsd, $"{estimate.Runner}: {estimate.Basis}");
}
