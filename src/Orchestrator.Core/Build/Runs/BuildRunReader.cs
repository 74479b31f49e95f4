using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Verification;
using Orchestrator.Core.Common;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// Reads build runs: a run this server executes from its live handle (a bounded long-poll over its events), any other
/// from its journal, so runs of earlier or other servers are readable too. Status comes from <see cref="RunStatusRule"/>.
/// A run read as ended whose executor died before settling it is settled first (<see cref="UnsettledRunSettler"/>), so
/// "ended" always means its session has been updated, whichever server answers.
/// </summary>
public sealed class BuildRunReader(BuildRunRegistry registry, TimeProvider timeProvider, UnsettledRunSettler? unsettled = null)
{
    /// <summary>At most this many events per status answer; the cursor pages through the rest.</summary>
    public const int MaxEventsPerStatus = 200;

    private static readonly TimeSpan SettleWait = TimeSpan.FromSeconds(5);

    /// <summary>How often a journal another process writes is looked at while waiting: cheap (a stat), and well inside a heartbeat.</summary>
    private static readonly TimeSpan JournalPoll = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The run's state and its events after <paramref name="sinceEvent"/>. Waits up to <paramref name="wait"/> for the
    /// run to finish, reporting each batch of events through <paramref name="onProgress"/>.
    /// </summary>
    public async Task<Outcome<RunStatusView>> StatusAsync(ProjectContext? project, string runId, long sinceEvent, TimeSpan wait, Action<RunSnapshot>? onProgress, CancellationToken cancellationToken)
    {
        if (registry.Find(runId) is { } live)
        {
            var events = new List<RunEvent>();
            var cursor = sinceEvent;
            var deadline = timeProvider.GetUtcNow() + wait;
            while (true)
            {
                var remaining = deadline - timeProvider.GetUtcNow();
                var batch = remaining > TimeSpan.Zero || events.Count == 0
                    ? await live.Handle.Events.WaitForEventsAfterAsync(cursor, remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, cancellationToken).ConfigureAwait(false)
                    : [];
                if (batch.Count > 0)
                {
                    events.AddRange(batch);
                    cursor = batch[^1].Seq;
                    if (live.Handle.Events.Snapshot is { } progressed)
                    {
                        onProgress?.Invoke(progressed);
                    }
                }

                if (live.Handle.Completion.IsCompleted || live.Handle.Events.IsFinished)
                {
                    // The session update (review phase, concerns gate) is part of "finished". Bounded: a resumed run
                    // replays its earlier run.finished before run.resumed, so "finished" can be momentary.
                    try
                    {
                        await live.Settled.WaitAsync(SettleWait, timeProvider, cancellationToken).ConfigureAwait(false);
                    }
                    catch (TimeoutException)
                    {
                    }

                    if (live.Settled.IsCompleted)
                    {
                        events.AddRange(live.Handle.Events.EventsAfter(cursor));
                        break;
                    }
                }

                if ((batch.Count == 0 && !live.Handle.Events.IsFinished) || events.Count >= MaxEventsPerStatus || timeProvider.GetUtcNow() >= deadline)
                {
                    break;
                }
            }

            var snapshot = live.Handle.Events.Snapshot ?? new RunSnapshot { RunId = runId, Status = BuildRunStatus.Running };
            var status = RunStatusRule.Of(live);
            return Outcome<RunStatusView>.Success(View(runId, live.SessionId, status, snapshot, events, sinceEvent));
        }

        var located = RunLocator.Locate(project, runId);
        if (!located.Succeeded)
        {
            return located.Error;
        }

        return await JournalStatusAsync(project!, runId, located.Value, sinceEvent, wait, onProgress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The result of a finished run.</summary>
    public Outcome<BuildRunResult> Result(ProjectContext? project, string runId)
    {
        if (registry.Find(runId) is { } live)
        {
            if (!live.Settled.IsCompleted)
            {
                return Outcome<BuildRunResult>.Failure(ErrorCode.Conflict, $"Run '{runId}' is still running. Call build_status (it waits for progress) until it has ended (completed, completed_with_failures, failed, cancelled or paused), then build_result.");
            }

            return Outcome<BuildRunResult>.Success(live.Handle.Completion.Result);
        }

        var located = RunLocator.Locate(project, runId);
        if (!located.Succeeded)
        {
            return located.Error;
        }

        var executing = RunLocks.IsExecuted(located.Value, timeProvider);
        var result = executing ? null : RunJournal.ReadResult(located.Value);
        return result is not null
            ? Outcome<BuildRunResult>.Success(result)
            : Outcome<BuildRunResult>.Failure(ErrorCode.Conflict,
                executing
                    ? $"Run '{runId}' is still running. Call build_status (it waits for progress) until it has ended (completed, completed_with_failures, failed, cancelled or paused), then build_result."
                    : $"Run '{runId}' has no result: it is {RunStatusRule.Name(RunStatusRule.OfRecord(RunJournal.ReadSnapshot(located.Value), executing: false))}. build_resume continues an interrupted run; build_status shows where it stands.");
    }

    /// <summary>The status of a run of the project (live, else from its journal); unknown when there is no journal.</summary>
    public RunStatus StatusOf(ProjectContext project, string runId)
    {
        if (registry.Find(runId) is { } live)
        {
            return RunStatusRule.Of(live);
        }

        if (!RunIds.IsWellFormed(runId))
        {
            return RunStatus.Unknown;
        }

        var directory = RunIds.DirectoryOf(project, runId);
        return RunStatusRule.OfRecord(RunJournal.ReadSnapshot(directory), RunLocks.IsExecuted(directory, timeProvider));
    }

    /// <summary>
    /// A run this server does not execute (a detached worker's, another server's, or an ended one): a bounded long-poll
    /// over its journal file, which its executor appends to and flushes; executing is its run lock's say.
    /// </summary>
    private async Task<Outcome<RunStatusView>> JournalStatusAsync(ProjectContext project, string runId, string runDirectory, long sinceEvent, TimeSpan wait, Action<RunSnapshot>? onProgress, CancellationToken cancellationToken)
    {
        var deadline = timeProvider.GetUtcNow() + wait;
        var events = new List<RunEvent>();
        var cursor = sinceEvent;
        var journalLength = -1L;
        while (true)
        {
            var executing = RunLocks.IsExecuted(runDirectory, timeProvider);
            var length = JournalLength(runDirectory);
            if (length != journalLength)
            {
                journalLength = length;
                var batch = RunJournal.ReadEvents(runDirectory, cursor);
                if (batch.Count > 0)
                {
                    events.AddRange(batch);
                    cursor = batch[^1].Seq;
                    if (RunJournal.ReadSnapshot(runDirectory) is { } progressed)
                    {
                        onProgress?.Invoke(progressed);
                    }
                }
            }

            var snapshot = RunJournal.ReadSnapshot(runDirectory);
            var status = RunStatusRule.OfRecord(snapshot, executing);
            if (snapshot is null && !executing)
            {
                return Outcome<RunStatusView>.Failure(ErrorCode.UnknownRun, $"Run '{runId}' has no readable journal yet. If it was just started, ask again; otherwise start a new run with build_start.");
            }

            // Returns on the end, once the caller has news after a wait, or at the deadline; a settling worker is waited for
            // (bounded) as a run of this server is.
            var settling = snapshot is { Status: not BuildRunStatus.Running } && executing;
            if (snapshot is not null
                && (status != RunStatus.Running || events.Count >= MaxEventsPerStatus || timeProvider.GetUtcNow() >= deadline
                    || (events.Count > 0 && !settling)))
            {
                if (status is not (RunStatus.Running or RunStatus.Interrupted) && unsettled is not null)
                {
                    await unsettled.SettleIfUnsettledAsync(project, runId, cancellationToken).ConfigureAwait(false);
                }

                return Outcome<RunStatusView>.Success(View(runId, RunSetupRecord.Read(runDirectory)?.SessionId, status, snapshot, events, sinceEvent));
            }

            await Task.Delay(JournalPoll, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private static long JournalLength(string runDirectory)
    {
        try
        {
            var info = new FileInfo(RunJournal.PathIn(runDirectory));
            return info.Exists ? info.Length : 0;
        }
        catch (IOException)
        {
            return -1;
        }
    }

    private static RunStatusView View(string runId, string? sessionId, RunStatus status, RunSnapshot snapshot, IReadOnlyList<RunEvent> events, long sinceEvent)
    {
        var page = events.Where(e => e.Seq > sinceEvent).Take(MaxEventsPerStatus).ToList();
        var next = page.Count > 0 ? page[^1].Seq : Math.Max(sinceEvent, 0);
        return new RunStatusView(runId, sessionId, status, snapshot.Phase, snapshot.Iteration, snapshot.Chunks, page, next, snapshot.CostUsd, snapshot.StopReason)
        {
            Verdicts = ChunkVerdictRule.JudgeRun(snapshot),
        };
    }
}
