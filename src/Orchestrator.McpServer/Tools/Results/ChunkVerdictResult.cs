using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>Plan verification of one chunk: done, partial, failed or not_started, with evidence.</summary>
public sealed record ChunkVerdictResult(
    [property: JsonPropertyName("chunk_id")] string ChunkId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("evidence")] string Evidence,
    [property: JsonPropertyName("files_changed")] IReadOnlyList<string> FilesChanged);
