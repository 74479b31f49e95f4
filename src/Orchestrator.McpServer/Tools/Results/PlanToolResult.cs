using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>The result of <c>plan</c>.</summary>
public sealed record PlanToolResult(
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("plan")] string Plan,
    [property: JsonPropertyName("gaps")] IReadOnlyList<string> Gaps,
    [property: JsonPropertyName("open_questions")] IReadOnlyList<string> OpenQuestions,
    [property: JsonPropertyName("suggested_chunking")] string SuggestedChunking,
    [property: JsonPropertyName("gate")] string Gate,
    [property: JsonPropertyName("planner_model")] string PlannerModel,
    [property: JsonPropertyName("cost_usd")] decimal CostUsd);
