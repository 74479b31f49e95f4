using System.Text.Json.Serialization;
using Orchestrator.Core.Planning;

namespace Orchestrator.McpServer.Tools.Arguments;

/// <summary>A chunk as the caller writes it, in the source field names.</summary>
public sealed record ChunkArgument
{
    [JsonPropertyName("id")]
    public string Id { get; init; } = "";

    [JsonPropertyName("scope")]
    public string Scope { get; init; } = "";

    [JsonPropertyName("files")]
    public string[] Files { get; init; } = [];

    [JsonPropertyName("model")]
    public string? Model { get; init; }

    [JsonPropertyName("tests")]
    public bool Tests { get; init; }

    [JsonPropertyName("testScope")]
    public string? TestScope { get; init; }

    [JsonPropertyName("opusReview")]
    public bool? OpusReview { get; init; }

    [JsonPropertyName("dependsOn")]
    public string[]? DependsOn { get; init; }

    public ChunkDefinition ToDefinition() => new()
    {
        Id = Id,
        Scope = Scope,
        Files = Files,
        Model = Model,
        Tests = Tests,
        TestScope = TestScope,
        OpusReview = OpusReview,
        DependsOn = DependsOn,
    };
}
