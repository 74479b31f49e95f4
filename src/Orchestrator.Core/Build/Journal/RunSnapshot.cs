using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Workspaces;

namespace Orchestrator.Core.Build.Journal;

/// <summary>
/// A run's state folded from its journal (the same fold runs live, so a snapshot rebuilt from disk equals the live
/// one). <see cref="LastSeq"/> is the cursor for "events since".
/// </summary>
public sealed record RunSnapshot
{
    public string RunId { get; init; } = string.Empty;

    public BuildRunStatus Status { get; init; }

    /// <summary>"execute", "review", "fix" or "done".</summary>
    public string Phase { get; init; } = "execute";

    /// <summary>Review fix iteration (0 before the first fix).</summary>
    public int Iteration { get; init; }

    public IReadOnlyList<ChunkSnapshot> Chunks { get; init; } = [];

    /// <summary>Current (deduplicated) findings of reviewed chunks.</summary>
    public IReadOnlyList<ReviewFinding> Findings { get; init; } = [];

    public IReadOnlyList<ReviewFinding> Unassigned { get; init; } = [];

    /// <summary>Chunks whose latest per-chunk review produced a valid answer.</summary>
    public IReadOnlyList<string> Reviewed { get; init; } = [];

    public decimal CostUsd { get; init; }

    public string? StopReason { get; init; }

    public long LastSeq { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public IReadOnlyList<AttemptRecord> Attempts { get; init; } = [];

    public IReadOnlyList<ScopeViolation> ScopeViolations { get; init; } = [];
}
