using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>The quality gate: passed, failed, skipped (no command) or not_run (dry run), each check, and debug artefacts found.</summary>
public sealed record QualityGateToolResult(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("checks")] IReadOnlyList<GateCheckResult> Checks,
    [property: JsonPropertyName("debug_artefacts")] IReadOnlyList<string> DebugArtefacts);
