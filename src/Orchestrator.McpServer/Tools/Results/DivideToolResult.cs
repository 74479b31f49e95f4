using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>The result of <c>divide</c>.</summary>
public sealed record DivideToolResult(
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("chunks")] IReadOnlyList<ChunkToolResult> Chunks,
    [property: JsonPropertyName("order")] IReadOnlyList<IReadOnlyList<string>> Order,
    [property: JsonPropertyName("tests_required")] bool TestsRequired,
    [property: JsonPropertyName("opus_review_suggested")] IReadOnlyList<string> OpusReviewSuggested,
    [property: JsonPropertyName("gate")] string Gate);
