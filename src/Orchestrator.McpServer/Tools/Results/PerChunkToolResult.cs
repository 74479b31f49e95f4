using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>The source's perChunk entry.</summary>
public sealed record PerChunkToolResult(
    [property: JsonPropertyName("chunkId")] string ChunkId,
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("attempts")] int Attempts,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("summary")] string? Summary,
    [property: JsonPropertyName("testsPassed")] bool? TestsPassed,
    [property: JsonPropertyName("blocker")] string? Blocker);
