using Microsoft.Extensions.Logging;
using Orchestrator.Core.Common;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// Settles an ended run into its session: the session moves to review, the wave history gets a line, and the concerns
/// gate opens when reviewers left concerns or blockers. Done by whichever process executed the run (the detached worker,
/// or the server for an in-process run), before it lets go of the run.
/// </summary>
public sealed partial class BuildRunSettler(SessionWriter writer, ILogger<BuildRunSettler> logger)
{
    public async Task SettleAsync(ProjectContext project, string sessionId, BuildRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        try
        {
            var needsDecision = result.Concerns.Count > 0 || result.UnresolvedBlockers.Count > 0;
            // Chunks not done are never retried silently: the failures gate asks the user (a paused run asks nothing:
            // build_resume continues it).
            var hasFailures = result.Status is BuildRunStatus.CompletedWithFailures or BuildRunStatus.Failed && result.Verdicts.Any(v => !v.IsDone);
            var paused = result.Status == BuildRunStatus.Paused;
            var history = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{result.RunId} {RunStatusRule.Name(RunStatusRule.Of(result.Status, executing: false))}: {result.Summary ?? $"{result.PerChunk.Count(p => p.Ok)}/{result.PerChunk.Count} chunks ok, {result.Skipped.Count} skipped"}, " +
                $"{result.UnresolvedBlockers.Count} unresolved blocker(s), {result.Concerns.Count} concern(s), ${result.CostUsd:0.00}{(result.StopReason is null ? "" : $" ({result.StopReason})")}");
            var reached = paused ? 0 : await WaveReachedAsync(project, sessionId, result).ConfigureAwait(false);
            var updated = await writer.UpdateAsync(project, sessionId, s => Outcome<SessionState>.Success(paused ? s with
            {
                Body = SessionBody.AppendToSection(s.Body, SessionBody.WaveHistory, history),
            }
            : s with
            {
                Phase = SessionPhase.Review,
                CurrentWave = Math.Max(s.CurrentWave, reached),
                Body = SessionBody.AppendToSection(s.Body, SessionBody.WaveHistory, history),
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
            }), CancellationToken.None).ConfigureAwait(false);
            if (!updated.Succeeded)
            {
                LogSettleFailed(result.RunId, updated.Error.Message);
            }

            LogRunSettled(result.RunId, result.Status.ToString(), result.Concerns.Count, result.UnresolvedBlockers.Count);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogSettleFailed(result.RunId, ex.Message);
        }
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
