using Microsoft.Extensions.Logging;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Common;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Gates;

/// <summary>
/// Records gate decisions (plan: approve/refine/stop; build: approve/refine/stop; concerns: address/defer; failures:
/// retry/retry_up/address/defer/abandon; publish: approve/stop) and who made
/// them. The MCP approve tool (after asking the user through elicitation when it can) and the HTTP dashboard both
/// call <see cref="DecideAsync"/>. A gate can only be decided while it is open.
/// </summary>
public sealed partial class GateService(SessionWriter writer, TimeProvider timeProvider, ILogger<GateService> logger)
{
    public async Task<Outcome<GateDecisionResult>> DecideAsync(
        ProjectContext project,
        string sessionId,
        string gate,
        string decision,
        string? note,
        string decidedBy,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        gate = (gate ?? "").Trim().ToLowerInvariant();
        decision = (decision ?? "").Trim().ToLowerInvariant();
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        var allowed = GateNames.DecisionsFor(gate);
        if (allowed.Count == 0)
        {
            return Outcome<GateDecisionResult>.Failure(ErrorCode.InvalidArgument,
                $"gate \"{gate}\" does not exist. Use \"plan\" (after plan), \"build\" (after divide), \"concerns\" (after a run with review concerns), \"failures\" (after a run with chunks not done) or \"publish\" (after close asked for it).");
        }

        if (!allowed.Contains(decision))
        {
            return Outcome<GateDecisionResult>.Failure(ErrorCode.InvalidArgument,
                $"decision \"{decision}\" does not apply to the {gate} gate. Use one of: {string.Join(", ", allowed)}.");
        }

        if (string.IsNullOrWhiteSpace(decidedBy))
        {
            return Outcome<GateDecisionResult>.Failure(ErrorCode.InvalidArgument, "decided_by is empty: say who decided (\"user\" or \"client\").");
        }

        var store = new SessionStore(project.SessionsDirectory);
        var loaded = await store.LoadAsync(sessionId, cancellationToken).ConfigureAwait(false);
        if (!loaded.Succeeded)
        {
            return loaded.Error;
        }

        var current = GateNames.Of(loaded.Value.Gates, gate);
        if (current.Status != GateState.Open)
        {
            return Outcome<GateDecisionResult>.Failure(ErrorCode.GateNotApproved, NotOpen(loaded.Value, gate, current));
        }

        IReadOnlyList<DeferredConcern> findings = [];
        IReadOnlyList<DeferredConcern> blockers = [];
        SessionChunkPlan? followUp = null;
        if (gate == GateNames.Concerns)
        {
            var prepared = await PrepareConcernsAsync(project, store, loaded.Value, decision, cancellationToken).ConfigureAwait(false);
            if (!prepared.Succeeded)
            {
                return prepared.Error;
            }

            (findings, blockers, followUp) = prepared.Value;
            if (followUp is not null)
            {
                var written = await writer.WriteDocumentAsync(project, sessionId, SessionDocuments.Chunks, followUp.Serialize(), cancellationToken).ConfigureAwait(false);
                if (!written.Succeeded)
                {
                    return written.Error;
                }
            }
        }

        if (gate == GateNames.Failures && decision is GateNames.Retry or GateNames.RetryUp or GateNames.Address)
        {
            var retry = await PrepareFailuresAsync(project, store, loaded.Value, decision, cancellationToken).ConfigureAwait(false);
            if (!retry.Succeeded)
            {
                return retry.Error;
            }

            followUp = retry.Value;
            var written = await writer.WriteDocumentAsync(project, sessionId, SessionDocuments.Chunks, followUp.Serialize(), cancellationToken).ConfigureAwait(false);
            if (!written.Succeeded)
            {
                return written.Error;
            }
        }

        var decidedAt = timeProvider.GetUtcNow();
        var status = decision is GateNames.Stop or GateNames.Refine ? GateState.Declined : GateState.Approved;
        // The subject (what the gate showed) stays: the decision is about that and nothing else.
        var recorded = current with { Status = status, Decision = decision, DecidedBy = decidedBy.Trim(), Note = note, DecidedAt = decidedAt };
        var deferred = findings;
        var updated = await writer.UpdateAsync(project, sessionId, s =>
        {
            if (GateNames.Of(s.Gates, gate).Status != GateState.Open)
            {
                return Outcome<SessionState>.Failure(ErrorCode.Conflict, NotOpen(s, gate, GateNames.Of(s.Gates, gate)));
            }

            var now = GateNames.Of(s.Gates, gate);
            if (now.Subject != current.Subject)
            {
                return Outcome<SessionState>.Failure(ErrorCode.Conflict, $"The {gate} gate of session '{s.Session}' was opened again with something new to decide while this decision was made: look at it again, then decide.");
            }

            var gates = GateNames.With(s.Gates, gate, recorded);
            var next = s with { Gates = gates };
            if (followUp is not null)
            {
                next = next with { Phase = SessionPhase.Divide, Gates = gates with { Build = new GateState(GateState.Open) }, TotalWaves = 1 };
            }
            else if (gate == GateNames.Concerns)
            {
                next = next with { DeferredConcerns = [.. s.DeferredConcerns, .. deferred] };
            }

            return Outcome<SessionState>.Success(next);
        }, cancellationToken).ConfigureAwait(false);
        if (!updated.Succeeded)
        {
            return updated.Error;
        }

        LogDecided(sessionId, gate, decision, decidedBy);
        return Outcome<GateDecisionResult>.Success(new GateDecisionResult(gate, decision, decidedBy.Trim(), status, note, updated.Value.Phase, findings, blockers, followUp));
    }

    private static async Task<Outcome<(IReadOnlyList<DeferredConcern>, IReadOnlyList<DeferredConcern>, SessionChunkPlan?)>> PrepareConcernsAsync(
        ProjectContext project, SessionStore store, SessionState state, string decision, CancellationToken cancellationToken)
    {
        var runId = state.Runs.LastOrDefault();
        var result = runId is null ? null : RunJournal.ReadResult(RunIds.DirectoryOf(project, runId));
        if (runId is null || result is null)
        {
            return Outcome<(IReadOnlyList<DeferredConcern>, IReadOnlyList<DeferredConcern>, SessionChunkPlan?)>.Failure(ErrorCode.UnknownRun,
                $"Session '{state.Session}' has no finished run whose concerns could be decided. build_result shows a run's findings once it has finished.");
        }

        var covered = result.Concerns.Concat(result.UnresolvedBlockers).ToList();
        var listed = covered.Select(f => ToDeferred(runId, f)).ToList();
        var blockers = result.UnresolvedBlockers.Select(f => ToDeferred(runId, f)).ToList();
        if (decision == GateNames.Defer)
        {
            return Outcome<(IReadOnlyList<DeferredConcern>, IReadOnlyList<DeferredConcern>, SessionChunkPlan?)>.Success((listed, blockers, null));
        }

        var chunksText = await store.ReadDocumentAsync(state.Session, SessionDocuments.Chunks, cancellationToken).ConfigureAwait(false);
        var previous = chunksText is null ? null : SessionChunkPlan.Parse(chunksText, out _);
        var followUp = FollowUpPlanBuilder.Build(runId, covered, previous ?? new SessionChunkPlan(false, []), state.WorkTree);
        var validation = ChunkPlanValidator.ValidateWaves(followUp.Waves, state.WorkTree);
        if (!validation.IsValid)
        {
            return Outcome<(IReadOnlyList<DeferredConcern>, IReadOnlyList<DeferredConcern>, SessionChunkPlan?)>.Failure(ErrorCode.InvalidPlan,
                $"The follow-up plan for run {runId}'s findings is not valid ({validation.Describe()}). Decide \"defer\" and plan the fixes as a new session, or call divide with your own chunks.");
        }

        return Outcome<(IReadOnlyList<DeferredConcern>, IReadOnlyList<DeferredConcern>, SessionChunkPlan?)>.Success((listed, blockers, followUp));
    }

    /// <summary>The plan a retry (or address) of the last run's chunks that are not done builds: shown at the build gate.</summary>
    private static async Task<Outcome<SessionChunkPlan>> PrepareFailuresAsync(ProjectContext project, SessionStore store, SessionState state, string decision, CancellationToken cancellationToken)
    {
        var runId = state.Runs.LastOrDefault();
        var result = runId is null ? null : RunJournal.ReadResult(RunIds.DirectoryOf(project, runId));
        var failed = result?.Verdicts.Where(v => !v.IsDone).Select(v => (v.ChunkId, v.Reason)).ToList() ?? [];
        var chunksText = await store.ReadDocumentAsync(state.Session, SessionDocuments.Chunks, cancellationToken).ConfigureAwait(false);
        var previous = chunksText is null ? null : SessionChunkPlan.Parse(chunksText, out _);
        if (runId is null || failed.Count == 0 || previous is null)
        {
            return Outcome<SessionChunkPlan>.Failure(ErrorCode.UnknownRun,
                $"Session '{state.Session}' has no finished run with chunks left to retry. build_result shows a run's chunks once it has finished.");
        }

        var plan = FailureRetryPlanBuilder.Build(runId, failed, previous, tierUp: decision == GateNames.RetryUp, address: decision == GateNames.Address);
        var validation = ChunkPlanValidator.ValidateWaves(plan.Waves, state.WorkTree);
        return validation.IsValid
            ? Outcome<SessionChunkPlan>.Success(plan)
            : Outcome<SessionChunkPlan>.Failure(ErrorCode.InvalidPlan, $"The retry plan for run {runId}'s chunks is not valid ({validation.Describe()}). Decide \"defer\" or call divide with your own chunks.");
    }

    private static DeferredConcern ToDeferred(string runId, ReviewFinding finding) =>
        new(runId, finding.ChunkId, finding.Severity.ToString().ToLowerInvariant(), finding.Title, finding.Detail, finding.File, finding.Line);

    private static string NotOpen(SessionState state, string gate, GateState current)
    {
        var opener = gate switch
        {
            GateNames.Plan => "call plan (it opens the plan gate)",
            GateNames.Build => "call divide (it opens the build gate)",
            GateNames.Failures => "it opens when a build run ends with chunks that are not done",
            GateNames.Publish => "call close with commit or push (it opens the publish gate and shows what it would publish)",
            _ => "it opens when a build run ends with review concerns or unresolved blockers",
        };
        return current.Status == GateState.NotOpened
            ? $"The {gate} gate of session '{state.Session}' is not open yet: {opener}."
            : $"The {gate} gate of session '{state.Session}' was already decided ({current.Decision} by {current.DecidedBy}). To decide again, {opener}.";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId}: {Gate} gate decided {Decision} by {DecidedBy}")]
    private partial void LogDecided(string sessionId, string gate, string decision, string decidedBy);
}
