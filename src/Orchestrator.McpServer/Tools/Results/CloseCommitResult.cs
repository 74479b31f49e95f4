using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>A commit close made (sha set) or would make (dry run: sha null).</summary>
public sealed record CloseCommitResult(
    [property: JsonPropertyName("sha")] string? Sha,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("files")] IReadOnlyList<string> Files,
    [property: JsonPropertyName("chunks")] IReadOnlyList<string> Chunks);
