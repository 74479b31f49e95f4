using System.Text.Json.Serialization;
using Orchestrator.Core.Sessions;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>A review finding a gate decision covered.</summary>
public sealed record FindingToolResult(
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("chunk_id")] string ChunkId,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("detail")] string? Detail,
    [property: JsonPropertyName("file")] string? File,
    [property: JsonPropertyName("line")] int? Line)
{
    public static FindingToolResult From(DeferredConcern c) => new(c.RunId, c.ChunkId, c.Severity, c.Title, c.Detail, c.File, c.Line);

    public override string ToString() =>
        $"[{Severity}] {ChunkId}: {Title}{(Detail is null ? "" : $": {Detail}")}{(File is null ? "" : $" ({File}{(Line is { } l ? $":{l}" : "")})")}";
}
