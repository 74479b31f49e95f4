using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>One cluster worker and its load.</summary>
public sealed record ClusterWorkerToolResult(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("running")] int Running,
    [property: JsonPropertyName("max_agents")] int MaxAgents,
    [property: JsonPropertyName("runners")] IReadOnlyList<string> Runners,
    [property: JsonPropertyName("labels")] IReadOnlyDictionary<string, string> Labels,
    [property: JsonPropertyName("host")] string? Host,
    [property: JsonPropertyName("address")] string Address);
