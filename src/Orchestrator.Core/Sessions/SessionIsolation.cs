namespace Orchestrator.Core.Sessions;

/// <summary>How a session separates its work from the user's checkout.</summary>
public enum SessionIsolation
{
    /// <summary>A new git worktree beside the repository on a new branch (the default from the default branch).</summary>
    Worktree,

    /// <summary>A new branch created and checked out in the user's own tree.</summary>
    InPlace,

    /// <summary>Already on a feature branch: work continues where it is.</summary>
    ExistingBranch,
}
