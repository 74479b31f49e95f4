using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>The diff review before the gate (informational): completed, skipped or failed, with findings as "severity: title (file:line)".</summary>
public sealed record CloseReviewResult(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("findings")] IReadOnlyList<string> Findings);
