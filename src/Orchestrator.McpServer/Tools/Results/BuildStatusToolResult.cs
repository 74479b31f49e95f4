using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>The result of <c>build_status</c>.</summary>
public sealed record BuildStatusToolResult(
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("phase")] string Phase,
    [property: JsonPropertyName("iteration")] int Iteration,
    [property: JsonPropertyName("chunks")] IReadOnlyList<RunChunkToolResult> Chunks,
    [property: JsonPropertyName("events")] IReadOnlyList<RunEventToolResult> Events,
    [property: JsonPropertyName("next_event")] long NextEvent,
    [property: JsonPropertyName("cost_usd")] decimal CostUsd,
    [property: JsonPropertyName("stop_reason")] string? StopReason)
{
    /// <summary>Cluster mode only: workers, their load and where each attempt runs.</summary>
    [JsonPropertyName("cluster")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ClusterToolResult? Cluster { get; init; }
}
