using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>A chunk that warrants opusReview, and why.</summary>
public sealed record OpusSuggestionToolResult(
    [property: JsonPropertyName("chunk_id")] string ChunkId,
    [property: JsonPropertyName("reason")] string Reason);
