using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Planning.Costs;

/// <summary>
/// A chunk plan's estimated cost before anything is spent, as divide and build_start write it (cost-estimate.json
/// beside chunks.json, snake_case) and the build gate, the dashboard and build_result show it. Low = every chunk
/// passes at its first attempt and its review; expected = with the expected retries and reviews; high = every chunk
/// takes all three attempts (the third one tier up) plus its review. The opus review pass is counted once.
/// </summary>
public sealed record PlanCostEstimate
{
    /// <summary>The file beside chunks.json.</summary>
    public const string FileName = "cost-estimate.json";

    // Generated metadata (the native build has no reflection); the estimate holds no enums.
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        TypeInfoResolver = PlanCostEstimateJsonContext.Default,
    };

    public required string Runner { get; init; }
    public required string Basis { get; init; }
    public decimal LowUsd { get; init; }
    public decimal ExpectedUsd { get; init; }
    public decimal HighUsd { get; init; }
    public required IReadOnlyDictionary<string, decimal> PerAttemptUsd { get; init; }
    public double RetriesPerChunk { get; init; }
    public double ReviewsPerChunk { get; init; }
    public IReadOnlyList<ChunkCostEstimate> Chunks { get; init; } = [];

    /// <summary>"$1.20-$4.80 (expected $2.10)".</summary>
    [JsonIgnore]
    public string Range => string.Create(CultureInfo.InvariantCulture, $"${LowUsd:0.00}-${HighUsd:0.00} (expected ${ExpectedUsd:0.00})");

    /// <summary>What one attempt of <paramref name="role"/> at <paramref name="tier"/> is expected to cost (reviewers at sonnet, the opus reviewer at opus).</summary>
    public decimal PerAttempt(AgentRole role, ModelTier tier)
    {
        var name = role switch
        {
            AgentRole.OpusReviewer => ModelTier.Opus,
            AgentRole.Reviewer => ModelTier.Sonnet,
            _ => tier,
        };
        return PerAttemptUsd.TryGetValue(name.ToName(), out var usd) ? usd : 0m;
    }

    /// <summary>One line for the gate and the tool texts.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"Estimated cost {Range} with the {Runner} runner ({Basis}; {RetriesPerChunk:0.##} retries and {ReviewsPerChunk:0.##} reviews per chunk expected).");

    public string Serialize() => JsonSerializer.Serialize(this, ChunkPlanJson.TypeInfo<PlanCostEstimate>(Json));

    /// <summary>The estimate in <paramref name="json"/>, or null when it is missing or not an estimate.</summary>
    public static PlanCostEstimate? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, ChunkPlanJson.TypeInfo<PlanCostEstimate>(Json));
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
