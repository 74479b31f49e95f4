using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>The result of <c>session_status</c> (DESIGN.md tool contract, plus where and by whom the session is held).</summary>
public sealed record SessionStatusToolResult(
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("phase")] string Phase,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("branch")] string Branch,
    [property: JsonPropertyName("worktree_path")] string WorktreePath,
    [property: JsonPropertyName("project_root")] string ProjectRoot,
    [property: JsonPropertyName("started_at")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("updated")] DateTimeOffset? Updated,
    [property: JsonPropertyName("gates")] GatesResult Gates,
    [property: JsonPropertyName("spec")] string? Spec,
    [property: JsonPropertyName("plan")] string? Plan,
    [property: JsonPropertyName("chunks")] JsonElement? Chunks,
    [property: JsonPropertyName("runs")] IReadOnlyList<RunSummaryResult> Runs,
    [property: JsonPropertyName("locked_by")] LockOwnerResult? LockedBy)
{
    /// <summary>Its spec / plan / divide / close job that has not ended (any server's): build_cancel with its job_id stops it.</summary>
    [JsonPropertyName("job")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LiveJobResult? Job { get; init; }
}
