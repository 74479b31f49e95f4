using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.McpServer.Tools.Results;

namespace Orchestrator.McpServer.Dashboard.Views;

/// <summary>
/// One run in detail, folded from its journal (the same fold build_status uses). <see cref="Cluster"/>: while a cluster
/// run runs, the workers, their load and where each attempt runs or waits, as its coordinator last wrote them.
/// </summary>
internal sealed record DashboardRun(
    string Id,
    string? SessionId,
    RunStatus Status,
    string Phase,
    int Iteration,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    decimal CostUsd,
    string? StopReason,
    long LastSeq,
    bool HasResult,
    IReadOnlyList<DashboardChunk> Chunks,
    IReadOnlyList<DashboardAttempt> Attempts,
    IReadOnlyList<ReviewFinding> Unassigned,
    IReadOnlyList<ScopeViolation> ScopeViolations,
    ClusterToolResult? Cluster);
