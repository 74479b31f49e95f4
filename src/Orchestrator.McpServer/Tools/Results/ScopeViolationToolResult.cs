using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>An attempt that edited files outside its chunk (not applied).</summary>
public sealed record ScopeViolationToolResult(
    [property: JsonPropertyName("chunkId")] string ChunkId,
    [property: JsonPropertyName("attempt")] int Attempt,
    [property: JsonPropertyName("files")] IReadOnlyList<string> Files,
    [property: JsonPropertyName("reason")] string Reason);
