using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>A journal event in <c>build_status</c>, compacted to one line.</summary>
public sealed record RunEventToolResult(
    [property: JsonPropertyName("seq")] long Seq,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("chunk_id")] string? ChunkId,
    [property: JsonPropertyName("text")] string Text);
