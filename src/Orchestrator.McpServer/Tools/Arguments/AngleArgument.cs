using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools.Arguments;

/// <summary>A research angle the caller chose.</summary>
public sealed record AngleArgument
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("focus")]
    public string? Focus { get; init; }

    [JsonPropertyName("model")]
    public string? Model { get; init; }
}
