namespace Orchestrator.Core.Build.Workspaces;

/// <summary>How an attempt's workspace was prepared (journalled with <c>workspace.ready</c>, so the time it took can be read against it).</summary>
public enum WorkspaceKind
{
    /// <summary>The session tree itself (shared isolation, reviewers).</summary>
    SessionTree,

    /// <summary>A worktree added for this attempt and removed after it (pool off, or every pool slot held).</summary>
    FreshWorktree,

    /// <summary>A warm pool slot moved to the attempt's snapshot (checkout and clean).</summary>
    PooledWorktree,

    /// <summary>A pool slot (re)built with <c>git worktree add</c>: first use, or it was doubtful.</summary>
    RebuiltPoolWorktree,
}
