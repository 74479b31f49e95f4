using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>An issue close filed (or found already filed, would file, skipped, failed to file).</summary>
public sealed record CloseIssueResult(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("number")] int? Number,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("location")] string? Location,
    [property: JsonPropertyName("labels")] IReadOnlyList<string> Labels,
    [property: JsonPropertyName("chunk_id")] string? ChunkId,
    [property: JsonPropertyName("error")] string? Error);
