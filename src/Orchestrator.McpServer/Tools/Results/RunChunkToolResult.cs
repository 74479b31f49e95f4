using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>A chunk in <c>build_status</c>.</summary>
public sealed record RunChunkToolResult(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("attempts")] int Attempts,
    [property: JsonPropertyName("model")] string? Model,
    [property: JsonPropertyName("summary")] string? Summary);
