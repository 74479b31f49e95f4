using System.ComponentModel;
using System.Text.Json.Serialization;
using Orchestrator.Core.Planning;

namespace Orchestrator.McpServer.Tools.Arguments;

/// <summary>A chunk as the caller writes it, in the source field names.</summary>
public sealed record ChunkArgument
{
    [JsonPropertyName("id"), Description("Unique id, e.g. \"c1\".")]
    public string? Id { get; init; }

    [JsonPropertyName("scope"), Description("One line: what this chunk implements.")]
    public string? Scope { get; init; }

    [JsonPropertyName("files"), Description("Repository-relative files the chunk owns (disjoint from chunks that may run at the same time).")]
    public string[]? Files { get; init; }

    [JsonPropertyName("model"), Description("haiku | sonnet (default) | opus.")]
    public string? Model { get; init; }

    [JsonPropertyName("tests"), Description("The chunk writes or updates tests.")]
    public bool Tests { get; init; }

    [JsonPropertyName("testScope")]
    public string? TestScope { get; init; }

    [JsonPropertyName("opusReview"), Description("Also reviewed by the opus reviewer.")]
    public bool OpusReview { get; init; }

    [JsonPropertyName("dependsOn"), Description("Chunk ids this one needs first. Omitted in waves: every chunk of earlier waves.")]
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
