namespace Orchestrator.Core.Options;

/// <summary>
/// <c>worktree_pool:</c> in config.yaml: how many warm chunk worktrees a repository keeps for worktree isolation.
/// An attempt checks a free one out at its snapshot (checkout and clean) instead of adding and removing a worktree.
/// </summary>
public sealed record WorktreePoolOptions
{
    /// <summary>
    /// At most this many pooled worktrees per repository; null (default) sizes the pool to the run's
    /// <c>max_parallel</c>, 0 turns the pool off (a fresh worktree per attempt). Attempts beyond the pool's size get a
    /// fresh worktree.
    /// </summary>
    public int? Size { get; init; }

    /// <summary>The pool size for a run at <paramref name="maxParallel"/> (null: unbounded), 0 when the pool is off.</summary>
    public int SizeFor(int? maxParallel) => Math.Max(0, Size ?? (maxParallel is > 0 ? maxParallel.Value : DefaultUnboundedSize));

    /// <summary>The pool size when <c>max_parallel</c> is unbounded and no size is configured.</summary>
    public const int DefaultUnboundedSize = 4;
}
