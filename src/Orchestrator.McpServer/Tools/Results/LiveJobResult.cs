using System.Text.Json.Serialization;
using Orchestrator.Core.Jobs;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>
/// The session's spec / plan / divide / close job that has not ended, whichever server started it (read from its
/// folder and its worker's lock). build_cancel with <see cref="JobId"/> as run_id stops it.
/// </summary>
public sealed record LiveJobResult(
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("phase")] string Phase,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("worker")] LockOwnerResult? Worker,
    [property: JsonPropertyName("progress")] string? Progress)
{
    public static LiveJobResult From(LiveJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new(job.JobId, job.Phase, job.Worker is null ? "starting" : "running", job.Worker is null ? null : LockOwnerResult.From(job.Worker), job.LastProgress?.ToString());
    }
}
