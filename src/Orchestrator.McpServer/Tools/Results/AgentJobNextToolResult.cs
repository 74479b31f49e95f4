using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>
/// The result of <c>agent_job_next</c>: one agent job for the host to dispatch with its own sub-agent (status
/// <c>job</c>), or why there is none (<c>no_job</c>, <c>run_finished</c>, <c>not_host_run</c>).
/// </summary>
public sealed record AgentJobNextToolResult(
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("job_id")] string? JobId,
    [property: JsonPropertyName("role")] string? Role,
    [property: JsonPropertyName("tier")] string? Tier,
    [property: JsonPropertyName("prompt")] string? Prompt,
    [property: JsonPropertyName("output_schema")] JsonElement? OutputSchema,
    [property: JsonPropertyName("chunk_id")] string? ChunkId,
    [property: JsonPropertyName("attempt")] int? Attempt,
    [property: JsonPropertyName("working_directory")] string? WorkingDirectory,
    [property: JsonPropertyName("timeout_seconds")] int? TimeoutSeconds,
    [property: JsonPropertyName("waiting_jobs")] int WaitingJobs,
    [property: JsonPropertyName("running_jobs")] int RunningJobs,
    [property: JsonPropertyName("run_status")] string? RunStatus,
    [property: JsonPropertyName("next_step")] string NextStep);
