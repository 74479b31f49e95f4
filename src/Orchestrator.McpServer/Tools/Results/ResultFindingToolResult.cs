using System.Text.Json.Serialization;
using Orchestrator.Core.Agents.Answers;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>A reviewer finding in the source shape.</summary>
public sealed record ResultFindingToolResult(
    [property: JsonPropertyName("chunkId")] string ChunkId,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("detail")] string? Detail,
    [property: JsonPropertyName("file")] string? File,
    [property: JsonPropertyName("line")] int? Line)
{
    public static ResultFindingToolResult From(ReviewFinding f) =>
        new(f.ChunkId, f.Severity.ToString().ToLowerInvariant(), f.Title, f.Detail, f.File, f.Line);

    public override string ToString() =>
        $"[{Severity}] {ChunkId}: {Title}{(Detail is null ? "" : $": {Detail}")}{(File is null ? "" : $" ({File}{(Line is { } l ? $":{l}" : "")})")}";
}
