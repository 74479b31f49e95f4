using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>The result of <c>plan</c>. <c>status</c> is "running" (fields empty; call again with session_id) or "done".</summary>
public sealed record PlanToolResult(
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("plan")] string Plan,
    [property: JsonPropertyName("gaps")] IReadOnlyList<string> Gaps,
    [property: JsonPropertyName("open_questions")] IReadOnlyList<string> OpenQuestions,
    [property: JsonPropertyName("suggested_chunking")] string SuggestedChunking,
    [property: JsonPropertyName("gate")] string Gate,
    [property: JsonPropertyName("planner_model")] string PlannerModel,
    [property: JsonPropertyName("cost_usd")] decimal CostUsd,
    [property: JsonPropertyName("status")] string Status)
{
    /// <summary>Why the planner ran at its tier (opus triggers found, or the default).</summary>
    [JsonPropertyName("planner_reason")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PlannerReason { get; init; }
}
