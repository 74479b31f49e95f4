using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>The result of <c>divide</c>. <c>status</c> is "running" (fields empty; call again with session_id) or "done".</summary>
public sealed record DivideToolResult(
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("chunks")] IReadOnlyList<ChunkToolResult> Chunks,
    [property: JsonPropertyName("order")] IReadOnlyList<IReadOnlyList<string>> Order,
    [property: JsonPropertyName("tests_required")] bool TestsRequired,
    [property: JsonPropertyName("opus_review_suggested")] IReadOnlyList<string> OpusReviewSuggested,
    [property: JsonPropertyName("gate")] string Gate,
    [property: JsonPropertyName("status")] string Status)
{
    /// <summary>The plan's estimated cost for the default runner (build_start re-estimates for the runner it uses).</summary>
    [JsonPropertyName("cost_estimate")]
    public CostEstimateToolResult? CostEstimate { get; init; }
}
