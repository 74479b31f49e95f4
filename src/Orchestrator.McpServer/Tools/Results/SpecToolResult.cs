using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>The result of <c>spec</c>.</summary>
public sealed record SpecToolResult(
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("rough_spec")] string RoughSpec,
    [property: JsonPropertyName("angles")] IReadOnlyList<SpecAngleToolResult> Angles,
    [property: JsonPropertyName("correctness_critical")] bool CorrectnessCritical,
    [property: JsonPropertyName("cost_usd")] decimal CostUsd);
