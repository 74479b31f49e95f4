using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>Where one remote attempt runs (<c>state</c> running, with its worker) or that it waits for a free worker.</summary>
public sealed record ClusterAttemptToolResult(
    [property: JsonPropertyName("chunk_id")] string? ChunkId,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("attempt")] int Attempt,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("worker")] string? Worker,
    [property: JsonPropertyName("lost_workers")] IReadOnlyList<string> LostWorkers);
