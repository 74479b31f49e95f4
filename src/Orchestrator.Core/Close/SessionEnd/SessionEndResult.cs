namespace Orchestrator.Core.Close.SessionEnd;

/// <summary>
/// What <c>session_end</c> did: the session's new status and phase, what it removed (worktrees, snapshot refs, the
/// branch of an abandoned session that never committed) and what it kept, each with the reason.
/// </summary>
public sealed record SessionEndResult(
    string SessionId,
    string Status,
    string Phase,
    IReadOnlyList<string> Removed,
    IReadOnlyList<string> Kept);
