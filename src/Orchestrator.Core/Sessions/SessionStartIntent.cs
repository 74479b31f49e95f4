namespace Orchestrator.Core.Sessions;

/// <summary>
/// What a <c>session_start</c> is about to create, written before it creates it (see <see cref="SessionStartCleanup"/>).
/// </summary>
/// <param name="Branch">The new branch (worktree and in-place isolation) or the existing one.</param>
/// <param name="Isolation">How the session is isolated.</param>
/// <param name="WorktreePath">Where the session worktree goes (worktree isolation only).</param>
/// <param name="StartCommit">HEAD when the start began: a branch still there has had no work done on it.</param>
public sealed record SessionStartIntent(string Branch, SessionIsolation Isolation, string? WorktreePath, string? StartCommit);
