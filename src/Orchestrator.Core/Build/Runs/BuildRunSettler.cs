using Microsoft.Extensions.Logging;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Journal.Events;
using Orchestrator.Core.Common;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// Settles an ended run into its session: the session moves to review, the wave history gets a line, and the concerns
/// gate opens when reviewers left concerns or blockers. Done by whichever process executed the run (the detached worker,
/// or the server for an in-process run), before it lets go of the run; and by any server that reads an ended run whose
/// executor died before it settled (<see cref="UnsettledRunSettler"/>).
/// </summary>
/// <remarks>
/// Idempotent, so two processes settling the same ending at once write one line: each ending of a run (a
/// <c>run.finished</c> in its journal; a resumed run can end more than once) gets exactly one wave-history line, and the
/// check is made on the STATE.md loaded under the session's lock, right before the atomic write.
/// </remarks>
public sealed partial class BuildRunSettler(SessionWriter writer, ILogger<BuildRunSettler> logger)
{
    /// <summary>Settles <paramref name="result"/> into the session; true when this call wrote it, false when it was already settled or could not be.</summary>
    public async Task<bool> SettleAsync(ProjectContext project, string sessionId, BuildRunResult result)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(result);
        try
        {
            var endings = Endings(project, result.RunId);
            var alreadySettled = false;
            var needsDecision = result.Concerns.Count > 0 || result.UnresolvedBlockers.Count > 0;
            // Chunks not done are never retried silently: the failures gate asks the user (a paused run asks nothing:
            // build_resume continues it).
            var hasFailures = result.Status is BuildRunStatus.CompletedWithFailures or BuildRunStatus.Failed && result.Verdicts.Any(v => !v.IsDone);
            var paused = result.Status == BuildRunStatus.Paused;
            var history = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{result.RunId} {RunStatusRule.Name(RunStatusRule.Of(result.Status, executing: false))}: {result.Summary ?? $"{result.PerChunk.Count(p => p.Ok)}/{result.PerChunk.Count} chunks ok, {result.Skipped.Count} skipped"}, " +
                $"{result.UnresolvedBlockers.Count} unresolved blocker(s), {result.Concerns.Count} concern(s), ${result.CostUsd:0.00}{(result.StopReason is null ? "" : $" ({result.StopReason})")}");
            var reached = paused ? 0 : await WaveReachedAsync(project, sessionId, result).ConfigureAwait(false);
            var updated = await writer.UpdateAsync(project, sessionId, s =>
            {
                if (SettledEndings(s, result.RunId) >= endings)
                {
                    alreadySettled = true;
                    return Outcome<SessionState>.Failure(ErrorCode.Conflict, $"run {result.RunId} is already settled");
                }

                var body = SessionBody.AppendToSection(s.Body, SessionBody.WaveHistory, history);
                return Outcome<SessionState>.Success(paused ? s with { Body = body } : s with
                {
                    Phase = SessionPhase.Review,
                    CurrentWave = Math.Max(s.CurrentWave, reached),
                    Body = body,
                    // An earlier run's undecided concerns are superseded by this run's outcome; a decided gate keeps its record.
                    Gates = s.Gates with
                    {
                        Concerns = needsDecision ? new GateState(GateState.Open)
                            : s.Gates.Concerns.Status == GateState.Open ? GateState.Initial
                            : s.Gates.Concerns,
                        Failures = hasFailures ? new GateState(GateState.Open)
                            : s.Gates.Failures.Status == GateState.Open ? GateState.Initial
                            : s.Gates.Failures,
                    },
                });
            }, CancellationToken.None).ConfigureAwait(false);
            if (alreadySettled)
            {
                return false;
            }

            if (!updated.Succeeded)
            {
                LogSettleFailed(result.RunId, updated.Error.Message);
                return false;
            }

            LogRunSettled(result.RunId, result.Status.ToString(), result.Concerns.Count, result.UnresolvedBlockers.Count);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogSettleFailed(result.RunId, ex.Message);
            return false;
        }
    }

    /// <summary>How many endings of <paramref name="runId"/> the session has settled: its lines in the wave history.</summary>
    public static int SettledEndings(SessionState state, string runId)
    {
        ArgumentNullException.ThrowIfNull(state);
        return SessionBody.SectionLines(state.Body, SessionBody.WaveHistory).Count(l => l.StartsWith(runId + " ", StringComparison.Ordinal));
    }

    /// <summary>
    /// How many times the run has ended: its journal's <c>run.finished</c> events (one per start or resume that ran to an
    /// end); at least one, since a result is being settled (a run without a journal ended once).
    /// </summary>
    public static int Endings(ProjectContext project, string runId)
    {
        ArgumentNullException.ThrowIfNull(project);
        return RunIds.TryDirectoryOf(project, runId) is { } directory ? Math.Max(1, RunJournal.ReadEvents(directory).Count(e => e is RunFinished)) : 1;
    }

    /// <summary>The last wave (DAG level of the session's chunk plan, 1-based) in which the run finished a chunk; 0 when none.</summary>
    private static async Task<int> WaveReachedAsync(ProjectContext project, string sessionId, BuildRunResult result)
    {
        var text = await new SessionStore(project.SessionsDirectory).ReadDocumentAsync(sessionId, SessionDocuments.Chunks, CancellationToken.None).ConfigureAwait(false);
        var plan = text is null ? null : SessionChunkPlan.Parse(text, out _);
        var levels = plan is null ? null : ChunkPlanValidator.ValidateWaves(plan.Waves, null).Plan?.Levels();
        var done = result.PerChunk.Where(p => p.Ok).Select(p => p.ChunkId).ToHashSet(StringComparer.Ordinal);
        return levels is null ? 0 : levels.Select((ids, i) => ids.Any(done.Contains) ? i + 1 : 0).DefaultIfEmpty(0).Max();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} ended {Status}: {Concerns} concerns, {Blockers} unresolved blockers")]
    private partial void LogRunSettled(string runId, string status, int concerns, int blockers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} ended but its session could not be updated: {Reason}")]
    private partial void LogSettleFailed(string runId, string reason);
}
