using System.Text.Json.Serialization;
using Orchestrator.Core.Planning;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>A chunk in the source field names.</summary>
public sealed record ChunkToolResult(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("scope")] string? Scope,
    [property: JsonPropertyName("files")] IReadOnlyList<string> Files,
    [property: JsonPropertyName("model")] string? Model,
    [property: JsonPropertyName("tests")] bool Tests,
    [property: JsonPropertyName("testScope")] string? TestScope,
    [property: JsonPropertyName("opusReview")] bool OpusReview,
    [property: JsonPropertyName("dependsOn")] IReadOnlyList<string>? DependsOn)
{
    public static ChunkToolResult From(ChunkDefinition c) =>
        new(c.Id, c.Scope, c.Files ?? [], c.Model ?? "sonnet", c.Tests, c.TestScope, c.OpusReview ?? false, c.DependsOn);
}
