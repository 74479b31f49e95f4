using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools.Arguments;

/// <summary>A research angle the caller chose.</summary>
public sealed record AngleArgument
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("focus"), Description("What this agent should look at.")]
    public string? Focus { get; init; }

    [JsonPropertyName("model"), Description("haiku (default) | sonnet | opus.")]
    public string? Model { get; init; }
}
