using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>The result of <c>session_start</c> (DESIGN.md tool contract).</summary>
public sealed record SessionStartToolResult(
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("phase")] string Phase,
    [property: JsonPropertyName("branch")] string Branch,
    [property: JsonPropertyName("worktree_path")] string WorktreePath,
    [property: JsonPropertyName("project_root")] string ProjectRoot,
    [property: JsonPropertyName("isolation")] string Isolation,
    [property: JsonPropertyName("catchup")] CatchupResult Catchup,
    [property: JsonPropertyName("resumable_sessions")] IReadOnlyList<ResumableSessionResult> ResumableSessions,
    [property: JsonPropertyName("notes")] IReadOnlyList<string> Notes);
