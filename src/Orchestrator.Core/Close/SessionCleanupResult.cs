namespace Orchestrator.Core.Close;

/// <summary>What close cleaned up: snapshot refs, and chunk worktrees a crashed run left behind.</summary>
public sealed record SessionCleanupResult(SnapshotCleanup Snapshots, IReadOnlyList<string> StaleWorktreesRemoved);
