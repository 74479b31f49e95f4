using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>
/// The result of <c>session_start</c> (DESIGN.md tool contract). <see cref="Status"/>: <c>started</c>, <c>resumed</c>
/// (<see cref="ContinueWith"/> names the next step), or <c>resumable</c> (nothing created: choose one of
/// <see cref="ResumableSessions"/> or ask for a new session; the session fields are empty).
/// </summary>
public sealed record SessionStartToolResult(
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("phase")] string Phase,
    [property: JsonPropertyName("continue_with")] string ContinueWith,
    [property: JsonPropertyName("branch")] string Branch,
    [property: JsonPropertyName("worktree_path")] string WorktreePath,
    [property: JsonPropertyName("project_root")] string ProjectRoot,
    [property: JsonPropertyName("isolation")] string Isolation,
    [property: JsonPropertyName("catchup")] CatchupResult Catchup,
    [property: JsonPropertyName("resumable_sessions")] IReadOnlyList<ResumableSessionResult> ResumableSessions,
    [property: JsonPropertyName("notes")] IReadOnlyList<string> Notes)
{
    public const string Started = "started";
    public const string Resumed = "resumed";
    public const string Resumable = "resumable";
}
