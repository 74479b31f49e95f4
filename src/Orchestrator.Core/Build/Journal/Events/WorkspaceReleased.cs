namespace Orchestrator.Core.Build.Journal.Events;

/// <summary>
/// <c>workspace.released</c>: the attempt's change was checked, applied and verified and its workspace given back (or
/// discarded); with how long the agent ran and how long everything after it took.
/// </summary>
public sealed record WorkspaceReleased : RunEvent
{
    public string Key { get; init; } = string.Empty;

    public string ChunkId { get; init; } = string.Empty;

    public int Attempt { get; init; } = 1;

    /// <summary>True when the workspace was thrown away (a failed attempt) rather than given back clean.</summary>
    public bool Discarded { get; init; }

    /// <summary>The agent's run.</summary>
    public long AgentMs { get; init; }

    /// <summary>Everything after the agent up to here (diff, scope check, apply, verification, release).</summary>
    public long AfterAgentMs { get; init; }
}
