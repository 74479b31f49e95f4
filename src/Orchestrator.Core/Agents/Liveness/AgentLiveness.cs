namespace Orchestrator.Core.Agents.Liveness;

/// <summary>How closely a streaming agent CLI is watched: its stall limit and its repeated-call limit.</summary>
public static class AgentLiveness
{
    /// <summary>No event for this long and the attempt ends as stalled (config.yaml <c>stall_timeout</c>).</summary>
    public static readonly TimeSpan DefaultStallTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The same tool call with the same input this many times, without an edit between, is a spiral (<c>spiral_repeats</c>).</summary>
    public const int DefaultSpiralRepeats = 5;
}
