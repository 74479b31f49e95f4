namespace Orchestrator.Core.Build;

/// <summary>Where the agents of one run work.</summary>
public enum BuildIsolation
{
    /// <summary>Each chunk attempt in its own git worktree at a snapshot of the session tree; diffs scope-checked and applied (the default).</summary>
    Worktree,

    /// <summary>Every agent in the session tree itself, as the source workflow does.</summary>
    Shared,
}
