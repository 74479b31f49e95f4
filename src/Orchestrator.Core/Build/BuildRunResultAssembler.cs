using System.Globalization;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Verification;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Build;

/// <summary>The run's result from what the loop executed, skipped and reviewed, with costs and attempts from the journal's snapshot.</summary>
internal static class BuildRunResultAssembler
{
    /// <summary>
    /// A run an infrastructure failure paused: nothing more was dispatched; build_resume continues exactly where it
    /// stopped (finished attempts are replayed, the failed one runs again).
    /// </summary>
    public static BuildRunResult Paused(BuildRunContext context, string reason)
    {
        var snapshot = context.Journal.Snapshot;
        var verdicts = ChunkVerdictRule.JudgeRun(snapshot);
        var retry = context.RetryAt is { } at ? $"; retry after {at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC" : "";
        return new BuildRunResult
        {
            RunId = context.RunId,
            Status = BuildRunStatus.Paused,
            StopReason = $"paused: {reason}{retry}",
            RetryAt = context.RetryAt,
            Verdicts = verdicts,
            Summary = ChunkVerdictRule.Summary(verdicts),
        };
    }

    public static BuildRunResult Assemble(
        BuildRunContext context,
        List<SkippedChunk> skipped,
        int iterations,
        IReadOnlyList<ReviewFinding> findings,
        IReadOnlyList<ReviewFinding> unassigned,
        IReadOnlyList<string> reviewed,
        bool cancelled)
    {
        List<(PlannedChunk Chunk, LadderResult Result)> executions;
        lock (context.Executions)
        {
            executions = context.Plan.Chunks
                .Where(c => context.Executions.ContainsKey(c.Id))
                .Select(c => (c, context.Executions[c.Id]))
                .ToList();
        }

        var flagged = findings.Select(f => f.ChunkId).ToHashSet(StringComparer.Ordinal);
        var reviewedSet = reviewed.ToHashSet(StringComparer.Ordinal);
        var skippedIds = new Dictionary<string, SkippedChunk>(StringComparer.Ordinal);
        foreach (var skip in skipped)
        {
            skippedIds.TryAdd(skip.ChunkId, skip);
        }

        var snapshot = context.Journal.Snapshot;
        var verdicts = ChunkVerdictRule.JudgeRun(snapshot);
        return new BuildRunResult
        {
            RunId = context.RunId,
            Status = cancelled ? BuildRunStatus.Cancelled : RunStatusRule.Settled(verdicts),
            Verdicts = verdicts,
            Summary = ChunkVerdictRule.Summary(verdicts),
            StopReason = cancelled ? "cancelled" : context.BudgetStopReason,
            Iterations = iterations,
            HitReviewCap = findings.Any(f => f.Severity == FindingSeverity.Blocker),
            PerChunk = executions.Select(e => new PerChunkResult(
                e.Chunk.Id,
                e.Result.Ok,
                e.Result.Attempts,
                e.Result.Tier,
                e.Result.LastOutput?.Summary,
                e.Result.TestsPassed,
                e.Result.Ok ? null : e.Result.Blocker)).ToList(),
            Skipped = context.Plan.Chunks.Where(c => skippedIds.ContainsKey(c.Id) && !executions.Any(e => e.Chunk.Id == c.Id)).Select(c => skippedIds[c.Id]).ToList(),
            Unassigned = unassigned,
            FilesChanged = executions.SelectMany(e => e.Result.FilesChanged).Distinct(StringComparer.Ordinal).ToList(),
            Clean = executions.Where(e => e.Result.Ok && reviewedSet.Contains(e.Chunk.Id) && !flagged.Contains(e.Chunk.Id)).Select(e => e.Chunk.Id).ToList(),
            UnresolvedBlockers = findings.Where(f => f.Severity == FindingSeverity.Blocker).ToList(),
            Concerns = findings.Where(f => f.Severity == FindingSeverity.Concern).ToList(),
            Nits = findings.Where(f => f.Severity == FindingSeverity.Nit).ToList(),
            CostUsd = snapshot.CostUsd,
            ScopeViolations = snapshot.ScopeViolations,
            Attempts = snapshot.Attempts,
        };
    }
}
