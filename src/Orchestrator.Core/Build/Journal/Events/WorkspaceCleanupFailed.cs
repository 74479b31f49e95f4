namespace Orchestrator.Core.Build.Journal.Events;

/// <summary><c>workspace.cleanup_failed</c>: a chunk worktree could not be removed; the janitor retries later.</summary>
public sealed record WorkspaceCleanupFailed : RunEvent
{
    public string ChunkId { get; init; } = string.Empty;

    /// <summary>The workspace's directory.</summary>
    public string Workspace { get; init; } = string.Empty;

    public string? Reason { get; init; }
}
