using Orchestrator.Core.Build.Workspaces;

namespace Orchestrator.Core.Build.Journal.Events;

/// <summary><c>workspace.ready</c>: the attempt's workspace is made (<c>attempt.started</c> follows): where, how, how long.</summary>
public sealed record WorkspaceReady : RunEvent
{
    public string Key { get; init; } = string.Empty;

    public string ChunkId { get; init; } = string.Empty;

    public int Attempt { get; init; } = 1;

    /// <summary>The workspace's directory.</summary>
    public string Workspace { get; init; } = string.Empty;

    public WorkspaceKind Kind { get; init; }

    /// <summary>From <c>workspace.preparing</c> to here.</summary>
    public long DurationMs { get; init; }
}
