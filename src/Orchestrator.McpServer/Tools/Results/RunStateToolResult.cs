using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>The result of <c>build_start</c>, <c>build_cancel</c> and <c>build_resume</c>.</summary>
public sealed record RunStateToolResult(
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("status")] string Status)
{
    /// <summary>build_start: configuration problems of the run's runner (e.g. every tier mapped to one model).</summary>
    [JsonPropertyName("warnings")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Warnings { get; init; }
}
