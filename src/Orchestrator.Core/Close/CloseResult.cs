using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Close.Commits;
using Orchestrator.Core.Close.Discovery;
using Orchestrator.Core.Close.Drift;
using Orchestrator.Core.Close.Issues;
using Orchestrator.Core.Close.Publishing;
using Orchestrator.Core.Close.QualityGate;
using Orchestrator.Core.Close.Records;
using Orchestrator.Core.Close.Safety;
using Orchestrator.Core.Close.Verification;

namespace Orchestrator.Core.Close;

/// <summary>Everything close did (or, in a dry run, would do), with the Markdown report.</summary>
public sealed record CloseResult
{
    public required string SessionId { get; init; }
    public bool DryRun { get; init; }
    public required string Branch { get; init; }
    public required string WorkTree { get; init; }
    public string Report { get; init; } = "";
    public string? ReportPath { get; init; }
    public string? HandoverPath { get; init; }
    public required PlanVerification Verification { get; init; }
    public required DiffReviewResult Review { get; init; }
    public required QualityGateResult Gate { get; init; }
    public IReadOnlyList<IssueRecord> Issues { get; init; } = [];
    public IReadOnlyList<CommitGroup> PlannedCommits { get; init; } = [];
    public IReadOnlyList<CommitRecord> Commits { get; init; } = [];

    public CommitStatus CommitStatus { get; init; } = CommitStatus.Skipped;
    public string? CommitReason { get; init; }
    public IReadOnlyList<PushRecord> Pushes { get; init; } = [];

    /// <summary>What close would publish (commits and pushes), when it was asked to commit or push.</summary>
    public PublishPreview? Publish { get; init; }

    /// <summary>The publish gate is open for <see cref="Publish"/>: close ran as a dry run and changed nothing.</summary>
    public bool AwaitingPublishApproval { get; init; }

    /// <summary>Who approved the publish gate (<c>user</c>, <c>user (dashboard)</c>, <c>client</c>) when close published.</summary>
    public string? PublishDecidedBy { get; init; }

    /// <summary>Dirty files close left alone: not the session's, or of unfinished chunks.</summary>
    public IReadOnlyList<string> LeftUncommitted { get; init; } = [];
    public required SnapshotCleanup Snapshots { get; init; }

    /// <summary>Chunk worktrees of this session removed by the janitor (left by a crashed run).</summary>
    public IReadOnlyList<string> StaleWorktreesRemoved { get; init; } = [];
    public required SessionMetrics Metrics { get; init; }
    public LearningsUpdate? Learnings { get; init; }
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>Agents complete / partial / spiral / failed, scope violations, isolation fallbacks.</summary>
    public SafetyReview Safety { get; init; } = SafetyReview.Empty;

    /// <summary>The discovery scan of the session's changed lines (high and critical ones are filed as [Discovery] issues).</summary>
    public IReadOnlyList<DiscoveryFinding> Discoveries { get; init; } = [];

    /// <summary>What the top-level docs name that no longer holds in the session tree.</summary>
    public IReadOnlyList<DocDrift> Drift { get; init; } = [];

    /// <summary>The review's nits of every run of the session (kept for the report and the hand-off).</summary>
    public IReadOnlyList<ReviewFinding> Nits { get; init; } = [];

    /// <summary>The hand-off: outcome, files by chunk, branch and commit state, tests, caveats.</summary>
    public Handoff? Handoff { get; init; }
}
