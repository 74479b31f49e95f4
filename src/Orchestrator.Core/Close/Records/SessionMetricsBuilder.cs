using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Verification;
using Orchestrator.Core.Close.Commits;
using Orchestrator.Core.Close.Issues;
using Orchestrator.Core.Close.QualityGate;
using Orchestrator.Core.Close.Verification;
using Orchestrator.Core.Common;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Close.Records;

/// <summary>The session's line of metrics/sessions.jsonl, from the verification, the runs' attempts and what close did.</summary>
public static class SessionMetricsBuilder
{
    public static SessionMetrics Build(SessionState state, VerifiedSession verified, QualityGateResult gate,
        IReadOnlyList<IssueRecord> issues, IReadOnlyList<CommitRecord> commits, IReadOnlyList<PushRecord> pushes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(verified);
        ArgumentNullException.ThrowIfNull(gate);
        var (verification, runs) = (verified.Plan, verified.Runs);
        var attempts = runs.SelectMany(r => (IEnumerable<AttemptRecord>?)r.Result?.Attempts ?? r.Snapshot?.Attempts ?? []).ToList();
        var tiers = attempts.GroupBy(a => ModelTiers.ToName(a.Tier)).ToDictionary(g => g.Key, g => new TierUsage(
            g.Count(), g.Sum(a => a.CostUsd), g.Sum(a => a.Tokens.InputTokens), g.Sum(a => a.Tokens.OutputTokens),
            g.Sum(a => a.Tokens.CacheReadTokens), g.Sum(a => a.Tokens.CacheWriteTokens)));
        var total = verification.Chunks.Count;
        var done = verification.Count(ChunkVerdictStatus.Done);
        var allDone = total > 0 && done == total;
        var testCheck = gate.Checks.FirstOrDefault(c => c.Kind == "test");
        return new SessionMetrics
        {
            SessionId = state.Session,
            SessionType = state.SessionType,
            Branch = state.Branch,
            StartedAt = state.StartedAt,
            EndedAt = now,
            DurationSeconds = Math.Round(Math.Max(0, (now - state.StartedAt).TotalSeconds), 1),
            TotalWaves = verification.Chunks.Select(c => c.Wave).DefaultIfEmpty(0).Max(),
            Runs = runs.Count,
            AgentsDispatched = attempts.Count,
            ChunksDone = done,
            ChunksPartial = verification.Count(ChunkVerdictStatus.Partial),
            ChunksFailed = verification.Count(ChunkVerdictStatus.Failed),
            ChunksNotStarted = verification.Count(ChunkVerdictStatus.NotStarted),
            FilesChanged = verification.Chunks.SelectMany(c => c.FilesChanged).Distinct(StringComparer.Ordinal).Count(),
            IssuesClosed = allDone && commits.Count > 0 ? CarryoverIssues.IssueNumbers(state).Count : 0,
            IssuesCreated = issues.Count(i => i.Status == IssueStatus.Created),
            Tests = testCheck?.Status ?? GateCheckStatus.NotRun,
            Gate = gate.Status,
            Commits = commits.Count,
            Mirror = pushes.FirstOrDefault(p => p.Kind == "mirror")?.Status ?? PushStatus.Skipped,
            CompletionRate = verification.CompletionRate,
            CarryoverRatio = total == 0 ? 0 : Math.Round((double)(total - done) / total, 3),
            ScopeViolations = runs.Sum(r => (r.Result?.ScopeViolations ?? r.Snapshot?.ScopeViolations)?.Count ?? 0),
            CostUsd = attempts.Sum(a => a.CostUsd),
            TotalTokens = attempts.Sum(a => a.Tokens.Total),
            Tiers = tiers,
            Waves = verification.Chunks.GroupBy(c => c.Wave).OrderBy(g => g.Key).Select(g =>
            {
                var ids = g.Select(c => c.ChunkId).ToHashSet(StringComparer.Ordinal);
                var mine = attempts.Where(a => a.ChunkId is { } id && ids.Contains(id)).ToList();
                return new WaveMetrics(g.Key, g.Count(), g.Count(c => c.IsDone), mine.Count, mine.Sum(a => a.CostUsd));
            }).ToList(),
        };
    }
}
