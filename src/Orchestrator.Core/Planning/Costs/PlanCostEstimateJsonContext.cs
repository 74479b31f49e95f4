using System.Text.Json.Serialization;

namespace Orchestrator.Core.Planning.Costs;

/// <summary>Generated JSON metadata for <c>cost-estimate.json</c> (snake_case, indented), as <see cref="PlanCostEstimate"/> writes it.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(PlanCostEstimate))]
internal sealed partial class PlanCostEstimateJsonContext : JsonSerializerContext;
