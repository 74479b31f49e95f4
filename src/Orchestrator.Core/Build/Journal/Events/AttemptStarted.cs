using Orchestrator.Core.Agents;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Build.Journal.Events;

/// <summary><c>attempt.started</c>: durable before the agent is dispatched, so a crash never loses a running attempt.</summary>
public sealed record AttemptStarted : RunEvent
{
    /// <summary>The attempt's identity across resumes (e.g. <c>exec:0:c1:1</c>).</summary>
    public string Key { get; init; } = string.Empty;

    /// <summary>The chunk; null for the opus reviewer, which reviews several.</summary>
    public string? ChunkId { get; init; }

    /// <summary>1-based ladder attempt (1 for reviewers).</summary>
    public int Attempt { get; init; } = 1;

    public AgentRole Role { get; init; }

    public ModelTier Tier { get; init; } = ModelTier.Sonnet;

    /// <summary>0 for execute and the first review, then the fix iteration.</summary>
    public int Iteration { get; init; }

    /// <summary>Where the agent's raw log goes.</summary>
    public string? LogPath { get; init; }
}
