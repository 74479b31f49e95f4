using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>
/// The result of <c>close</c>: the contract's report, commits, issues_created, gate and metrics, plus what led to them;
/// <c>status</c> running (call again), done, or awaiting_approval: then <c>gate</c> is "publish" and <c>preview</c> what
/// close would publish (else <c>gate</c> is the quality gate).
/// </summary>
public sealed record CloseToolResult(
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("dry_run")] bool DryRun,
    [property: JsonPropertyName("report")] string Report,
    [property: JsonPropertyName("report_path")] string? ReportPath,
    [property: JsonPropertyName("handover_path")] string? HandoverPath,
    [property: JsonPropertyName("commits")] IReadOnlyList<CloseCommitResult> Commits,
    [property: JsonPropertyName("commit_status")] string CommitStatus,
    [property: JsonPropertyName("commit_reason")] string? CommitReason,
    [property: JsonPropertyName("planned_commits")] IReadOnlyList<CloseCommitResult> PlannedCommits,
    [property: JsonPropertyName("issues_created")] IReadOnlyList<CloseIssueResult> IssuesCreated,
    [property: JsonPropertyName("issues")] IReadOnlyList<CloseIssueResult> Issues,
    [property: JsonPropertyName("gate")] JsonElement Gate,
    [property: JsonPropertyName("review")] CloseReviewResult Review,
    [property: JsonPropertyName("chunks")] IReadOnlyList<ChunkVerdictResult> Chunks,
    [property: JsonPropertyName("uncovered_plan_items")] IReadOnlyList<string> UncoveredPlanItems,
    [property: JsonPropertyName("pushes")] IReadOnlyList<ClosePushResult> Pushes,
    [property: JsonPropertyName("left_uncommitted")] IReadOnlyList<string> LeftUncommitted,
    [property: JsonPropertyName("snapshot_refs_deleted")] IReadOnlyList<string> SnapshotRefsDeleted,
    [property: JsonPropertyName("stale_worktrees_removed")] IReadOnlyList<string> StaleWorktreesRemoved,
    [property: JsonPropertyName("metrics")] JsonElement Metrics,
    [property: JsonPropertyName("problems")] IReadOnlyList<string> Problems,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("preview")] PublishPreviewResult? Preview = null);
