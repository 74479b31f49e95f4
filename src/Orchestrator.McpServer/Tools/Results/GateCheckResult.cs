using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>One check of the quality gate with its exit code, duration and output tail.</summary>
public sealed record GateCheckResult(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("command")] string? Command,
    [property: JsonPropertyName("source")] string? Source,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("exit_code")] int? ExitCode,
    [property: JsonPropertyName("duration_ms")] long DurationMs,
    [property: JsonPropertyName("output_tail")] string OutputTail);
