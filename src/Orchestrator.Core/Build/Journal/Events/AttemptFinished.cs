using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Build.Journal.Events;

/// <summary>
/// <c>attempt.finished</c>: how one agent attempt ended, with everything a resume needs to replay it instead of
/// running it again (a cancelled attempt is run again).
/// </summary>
public sealed record AttemptFinished : RunEvent
{
    /// <summary>The key of the matching <see cref="AttemptStarted"/>.</summary>
    public string Key { get; init; } = string.Empty;

    /// <summary>The runner's job id (run, key and the seq of attempt.started).</summary>
    public string? JobId { get; init; }

    /// <summary>The chunk; null for the opus reviewer.</summary>
    public string? ChunkId { get; init; }

    public int Attempt { get; init; } = 1;

    public AgentRole Role { get; init; }

    public ModelTier Tier { get; init; } = ModelTier.Sonnet;

    public int Iteration { get; init; }

    public AttemptOutcome Outcome { get; init; } = AttemptOutcome.Failed;

    /// <summary>Why it did not succeed (or null).</summary>
    public string? Reason { get; init; }

    public decimal CostUsd { get; init; }

    public TokenUsage Tokens { get; init; } = TokenUsage.None;

    public long DurationMs { get; init; }

    public string? LogPath { get; init; }

    /// <summary>An executor's validated answer.</summary>
    public ExecutorOutput? Executor { get; init; }

    /// <summary>A reviewer's findings.</summary>
    public IReadOnlyList<ReviewFinding>? Findings { get; init; }

    /// <summary>Files the applied change touched, measured from the diff (empty unless the executor succeeded).</summary>
    public IReadOnlyList<string> FilesChanged { get; init; } = [];

    public bool? TestsPassed { get; init; }

    /// <summary>The verifier's detail, when tests were required.</summary>
    public string? TestsDetail { get; init; }

    /// <summary>Files the executor claimed to change that its measured diff does not change; null when none.</summary>
    public string? Discrepancy { get; init; }

    /// <summary>Whose failure a failed attempt was (the agent's, or the infrastructure's); null unless it failed.</summary>
    public AgentFailureClass? FailureClass { get; init; }

    /// <summary>When the CLI said to retry after an infrastructure failure.</summary>
    public DateTimeOffset? RetryAt { get; init; }

    /// <summary>Files edited outside the chunk (or conflicting); null when none.</summary>
    public IReadOnlyList<string>? ScopeViolations { get; init; }

    /// <summary>Cluster mode: the worker that ran the attempt (null on this machine).</summary>
    public string? Worker { get; init; }

    /// <summary>Cluster mode: workers that died while holding the attempt before it was placed again.</summary>
    public IReadOnlyList<string>? LostWorkers { get; init; }
}
