using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>The result of <c>agent_job_submit</c>: whether the answer fit the job's schema (if not, the attempt failed with <c>reason</c>).</summary>
public sealed record AgentJobSubmitToolResult(
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("accepted")] bool Accepted,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("next_step")] string NextStep);
