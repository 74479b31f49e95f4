using System.Text.Json;
using Orchestrator.Core.Close.Issues;
using Orchestrator.Core.Close.QualityGate;
using Orchestrator.Core.Close.Verification;
using Orchestrator.Core.Common;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Close.Records;

/// <summary>
/// Close's records: a line of metrics/sessions.jsonl and the learnings, then the report, the handover and the closed
/// STATE.md. A dry run writes nothing and only builds the report.
/// </summary>
public static class CloseRecordWriter
{
    public const string ReportFileName = "close-report.md";
    public const string HandoverFileName = "handover.md";

    /// <summary>Appends the session's metrics and updates learnings.jsonl from what this session saw.</summary>
    public static async Task<LearningsUpdate> AppendMetricsAsync(ProjectContext project, SessionMetrics metrics, PlanVerification verification, QualityGateResult gate,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(metrics);
        var metricsDirectory = Path.Combine(project.OrchestratorDirectory, "metrics");
        Directory.CreateDirectory(metricsDirectory);
        await File.AppendAllTextAsync(Path.Combine(metricsDirectory, "sessions.jsonl"), JsonSerializer.Serialize(metrics, CloseJson.TypeInfo<SessionMetrics>()) + "\n", cancellationToken).ConfigureAwait(false);
        var learningsPath = Path.Combine(metricsDirectory, "learnings.jsonl");
        var learnings = Learnings.Apply(Learnings.Read(learningsPath), Learnings.Observe(verification, gate), metrics.SessionId, now);
        Learnings.Write(learningsPath, learnings.Entries);
        return learnings;
    }

    /// <summary>The result with its report; unless a dry run, the report and handover are written and STATE.md is closed.</summary>
    public static async Task<CloseResult> WriteAsync(SessionStore store, SessionState state, CloseResult result, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(result);
        var report = CloseReport.Build(result, state.Description);
        if (result.DryRun)
        {
            return result with { Report = report };
        }

        var sessionDirectory = store.SessionDirectory(state.Session);
        var reportPath = Path.Combine(sessionDirectory, ReportFileName);
        var handoverPath = Path.Combine(sessionDirectory, HandoverFileName);
        await AtomicFile.WriteAllTextAsync(reportPath, report, cancellationToken).ConfigureAwait(false);
        await AtomicFile.WriteAllTextAsync(handoverPath, CloseReport.Handover(result, state.Description), cancellationToken).ConfigureAwait(false);
        var closedLine = $"- {now:u} closed: {result.Metrics.ChunksDone}/{result.Verification.Chunks.Count} chunks done, {result.Commits.Count} commit(s), gate {result.Gate.Status.ToSnakeCase()}, " +
            $"{result.Issues.Count(i => i.Status == IssueStatus.Created)} issue(s) filed. Report: {ReportFileName}, handover: {HandoverFileName}.";
        // The wave counters say what close counted: waves are the chunk plan's DAG levels; the current one is the last with finished work.
        var currentWave = result.Verification.Chunks.Where(c => c.IsDone).Select(c => c.Wave).DefaultIfEmpty(0).Max();
        var body = SessionBody.ReplaceSection(state.Body, SessionBody.Deviations, Deviations(state, result));
        body = SessionBody.ReplaceSection(body, SessionBody.CurrentWave, [], $"Closed at wave {currentWave} of {result.Metrics.TotalWaves}.");
        await store.SaveAsync(state with
        {
            Status = SessionStatus.Completed,
            Phase = SessionPhase.Closed,
            Updated = now,
            TotalWaves = result.Metrics.TotalWaves,
            CurrentWave = currentWave,
            Body = body.TrimEnd() + (body.Contains("\n## Close\n", StringComparison.Ordinal) ? "\n" : "\n\n## Close\n") + closedLine + "\n",
        }, cancellationToken).ConfigureAwait(false);
        return result with { Report = report, ReportPath = reportPath, HandoverPath = handoverPath };
    }

    /// <summary>Where the session went off its plan: unfinished chunks, plan items no chunk covered, scope violations, deferred concerns.</summary>
    private static IReadOnlyList<string> Deviations(SessionState state, CloseResult result)
    {
        var lines = new List<string>();
        lines.AddRange(result.Verification.Chunks.Where(c => !c.IsDone).Select(c => $"{c.ChunkId} {c.Status.ToSnakeCase().Replace('_', ' ')}: {c.Blocker ?? c.Scope}"));
        lines.AddRange(result.Verification.UncoveredPlanItems.Select(i => $"plan item not covered by any chunk: {i}"));
        lines.AddRange(result.Safety.ScopeViolations.Select(v => $"scope violation: {v}"));
        lines.AddRange(state.DeferredConcerns.Select(d => $"deferred concern: {d.ChunkId}: {d.Title}"));
        return lines;
    }
}
