using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Verification;
using Orchestrator.Core.Build.Workspaces;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// The build loop result: the contract's fields (iterations .. nits) plus status, stopReason, costUsd, durationMs,
/// scopeViolations and per-attempt records. Serialised with <see cref="BuildJson.Options"/> (camelCase).
/// </summary>
public sealed record BuildRunResult
{
    public required string RunId { get; init; }

    public required BuildRunStatus Status { get; init; }

    /// <summary>Why the run stopped early: "budget exhausted: spent $X of $Y", "cancelled", "invalid plan: ..."; null when it ran to the end.</summary>
    public string? StopReason { get; init; }

    /// <summary>Every chunk's verdict (<see cref="ChunkVerdictRule"/>), in plan order.</summary>
    public IReadOnlyList<ChunkJudgement> Verdicts { get; init; } = [];

    /// <summary>What failed first: "3 of 4 chunk(s) done; c2 failed after 3 attempt(s): ..." (null for a run that never ran its plan).</summary>
    public string? Summary { get; init; }

    /// <summary>When the CLI said to retry, for a run an infrastructure failure paused.</summary>
    public DateTimeOffset? RetryAt { get; init; }

    /// <summary>Review fix iterations run (0..2).</summary>
    public int Iterations { get; init; }

    /// <summary>Blockers remain after the review loop.</summary>
    public bool HitReviewCap { get; init; }

    public IReadOnlyList<PerChunkResult> PerChunk { get; init; } = [];

    public IReadOnlyList<SkippedChunk> Skipped { get; init; } = [];

    /// <summary>Opus reviewer findings naming a chunk that was not under review.</summary>
    public IReadOnlyList<ReviewFinding> Unassigned { get; init; } = [];

    /// <summary>Union of files changed, deduplicated, in first-seen order.</summary>
    public IReadOnlyList<string> FilesChanged { get; init; } = [];

    /// <summary>Executed chunks that were reviewed and have no finding of any severity (a nit-only chunk is not clean).</summary>
    public IReadOnlyList<string> Clean { get; init; } = [];

    public IReadOnlyList<ReviewFinding> UnresolvedBlockers { get; init; } = [];

    public IReadOnlyList<ReviewFinding> Concerns { get; init; } = [];

    public IReadOnlyList<ReviewFinding> Nits { get; init; } = [];

    /// <summary>The server's test run over the whole session tree at the end (tests required and a test command configured); null otherwise.</summary>
    public bool? TestsPassed { get; init; }

    /// <summary>Sum of every attempt's cost (including cancelled ones: that money is spent).</summary>
    public decimal CostUsd { get; init; }

    public long DurationMs { get; init; }

    public IReadOnlyList<ScopeViolation> ScopeViolations { get; init; } = [];

    public IReadOnlyList<AttemptRecord> Attempts { get; init; } = [];
}
