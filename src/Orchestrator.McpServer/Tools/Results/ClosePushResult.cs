using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>A push or mirror of the session branch.</summary>
public sealed record ClosePushResult(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("remote")] string Remote,
    [property: JsonPropertyName("branch")] string Branch,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("message")] string Message);
