using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>A chunk that never ran, and why.</summary>
public sealed record SkippedToolResult(
    [property: JsonPropertyName("chunkId")] string ChunkId,
    [property: JsonPropertyName("reason")] string Reason);
