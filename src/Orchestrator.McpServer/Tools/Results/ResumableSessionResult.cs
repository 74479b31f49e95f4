using System.Text.Json.Serialization;
using Orchestrator.Core.Sessions;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>An unfinished session that can be continued by passing its id to the other tools.</summary>
public sealed record ResumableSessionResult(
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("phase")] string Phase,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("branch")] string Branch,
    [property: JsonPropertyName("worktree_path")] string WorktreePath,
    [property: JsonPropertyName("started_at")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("updated")] DateTimeOffset? Updated,
    [property: JsonPropertyName("locked_by_pid")] int? LockedByPid)
{
    public static ResumableSessionResult From(ResumableSession s) =>
        new(s.SessionId, s.Description, s.Phase, s.Status, s.Branch, s.WorkTree, s.StartedAt, s.Updated, s.LockedByPid);
}
