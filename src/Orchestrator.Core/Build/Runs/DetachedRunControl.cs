using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Common;
using Orchestrator.Core.Processes;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// The server's side of detached runs: hands a prepared run to a new worker process (letting go of the session, which
/// the worker holds while the run is live) and asks a live worker to stop.
/// </summary>
internal sealed class DetachedRunControl(IBuildRunWorkerStarter? workers, BuildRunRegistry registry, SessionLockManager locks, BuildRunSettler settler, TimeProvider timeProvider)
{
    /// <summary>Generous: a cold <c>dotnet</c> start on a loaded machine takes seconds.</summary>
    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Starts the worker of <paramref name="runId"/> and waits until it has begun the run (its lock taken, its journal
    /// appended to), so the caller's next build_status already sees it. When it never begins, a new run's failed start is
    /// recorded in its journal (<see cref="RunStartFailure"/>) and settled into the session like any failed run (a
    /// resumed run keeps its journal and stays resumable), and the caller gets the reason.
    /// </summary>
    public async Task<Outcome<StartedRun>> HandOverAsync(ProjectContext project, string sessionId, string runId, string runDirectory, CancellationToken cancellationToken)
    {
        if (workers is null)
        {
            throw new InvalidOperationException("this server executes runs in process; it has no worker to hand a run to");
        }

        RunCancelRequest.Clear(runDirectory);
        var journalledBefore = RunJournal.ReadEvents(runDirectory).Count;
        bool Journalled() => RunJournal.ReadEvents(runDirectory).Count > journalledBefore;
        // The worker holds the session for the whole run (one writer per session); this server takes it back on its
        // next change after the run, when the worker has let go. It lets go only once the worker holds the run's lock
        // (the worker takes that first, then waits for the session): let go before, the seconds a worker takes to
        // start were a gap in which another server's build_start found the session free and no run executing, and
        // started a second run of it (issue 17, finding 4 across processes).
        var failed = await StartWorkerAsync(workers, project, WorkerTarget.Run(runId), runDirectory, RunLocks.FileName,
            () => RunLocks.IsExecuted(runDirectory, timeProvider) || Journalled(), timeProvider, cancellationToken).ConfigureAwait(false);
        await locks.ReleaseAsync(new SessionStore(project.SessionsDirectory).SessionDirectory(sessionId)).ConfigureAwait(false);
        // The worker appends to the journal only once it holds the session too: a new event means it has begun (a fast
        // run may already have ended and let go), so the caller's next build_status already sees it.
        failed ??= await WaitUntilJournalledAsync(runDirectory, runId, Journalled, cancellationToken).ConfigureAwait(false);
        if (failed is not null)
        {
            if (RunStartFailure.Record(runDirectory, failed.Message, timeProvider) is not { } recorded)
            {
                return Outcome<StartedRun>.Failure(failed.Code, failed.Message + $" Run '{runId}' is unchanged; build_resume tries again.");
            }

            await settler.SettleAsync(project, sessionId, recorded).ConfigureAwait(false);
            return Outcome<StartedRun>.Failure(failed.Code, failed.Message + $" Run '{runId}' is recorded as failed with this reason; fix the cause and call build_start again.");
        }

        registry.Add(new WorkerRun(runId, project, sessionId, runDirectory));
        return Outcome<StartedRun>.Success(new StartedRun(runId, runDirectory, Detached: true));
    }

    /// <summary>
    /// Starts the worker of <paramref name="target"/> (its folder <paramref name="directory"/>, its lock
    /// <paramref name="lockFileName"/>) and waits until <paramref name="began"/> holds. Null once it has begun; else why
    /// not: it could not be started, it exited first (its log's tail), or it stayed silent past the wait and holds no
    /// lock. Shared by build runs and phase jobs.
    /// </summary>
    public static async Task<OrchestratorError?> StartWorkerAsync(IBuildRunWorkerStarter workers, ProjectContext project, WorkerTarget target,
        string directory, string lockFileName, Func<bool> began, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workers);
        ArgumentNullException.ThrowIfNull(began);
        var exitFile = Path.Combine(directory, BuildRunWorkerStarter.ExitFileName);
        File.Delete(exitFile);
        if (workers.Start(project, target) is { } failed)
        {
            return failed;
        }

        var deadline = timeProvider.GetUtcNow() + StartWait;
        while (timeProvider.GetUtcNow() < deadline)
        {
            if (began())
            {
                return null;
            }

            if (File.Exists(exitFile) && RunLocks.LiveOwner(directory, timeProvider, lockFileName) is null && !began())
            {
                return new OrchestratorError(ErrorCode.Conflict, $"The worker process of {target} exited before it began. Its log: {LogTail(directory)}");
            }

            await Task.Delay(Poll, timeProvider, cancellationToken).ConfigureAwait(false);
        }

        // A worker holding the lock is at work even if it has not shown it yet; one that never took it is reported
        // (a worker that takes it only now finds the failure recorded and refuses to begin).
        return began() || RunLocks.LiveOwner(directory, timeProvider, lockFileName) is not null
            ? null
            : new OrchestratorError(ErrorCode.Conflict,
                $"The worker process of {target} did not begin within {StartWait.TotalSeconds:0} s. Its log: {LogTail(directory)}");
    }

    /// <summary>
    /// After the worker took the run's lock: until it has appended to the journal (it has the session), or has let go
    /// of the run without doing so (it could not take the session: its log says why).
    /// </summary>
    private async Task<OrchestratorError?> WaitUntilJournalledAsync(string runDirectory, string runId, Func<bool> journalled, CancellationToken cancellationToken)
    {
        var deadline = timeProvider.GetUtcNow() + StartWait;
        while (!journalled() && timeProvider.GetUtcNow() < deadline)
        {
            if (!RunLocks.IsExecuted(runDirectory, timeProvider))
            {
                return journalled()
                    ? null
                    : new OrchestratorError(ErrorCode.Conflict, $"The worker process of run '{runId}' exited before it began. Its log: {LogTail(runDirectory)}");
            }

            await Task.Delay(Poll, timeProvider, cancellationToken).ConfigureAwait(false);
        }

        // A worker still holding the run is at work even if it has not shown it yet.
        return null;
    }

    /// <summary>Asks the live worker <paramref name="owner"/> to stop and waits (bounded) until it has let go of the run.</summary>
    public async Task<RunStatus> CancelAsync(string runDirectory, LockOwner owner, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        // The file reaches a worker on any host sharing the folder; the signal wakes one on this host at once.
        RunCancelRequest.Write(runDirectory);
        if (string.Equals(owner.Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase) && ProcessLiveness.IsAlive(owner.Pid, owner.ProcessStart))
        {
            PosixSignals.TrySend(owner.Pid, PosixSignals.SigTerm);
        }

        var deadline = timeProvider.GetUtcNow() + maxWait;
        while (RunLocks.IsExecuted(runDirectory, timeProvider) && timeProvider.GetUtcNow() < deadline)
        {
            await Task.Delay(Poll, timeProvider, cancellationToken).ConfigureAwait(false);
        }

        return RunStatusRule.Of(RunJournal.ReadSnapshot(runDirectory), RunLocks.IsExecuted(runDirectory, timeProvider));
    }

    internal static string LogTail(string runDirectory)
    {
        var path = Path.Combine(runDirectory, BuildRunWorkerStarter.LogFileName);
        try
        {
            var text = File.Exists(path) ? File.ReadAllText(path).Trim() : "";
            return text.Length == 0 ? $"(empty: {path})" : text.Length > 800 ? "..." + text[^800..] : text;
        }
        catch (IOException)
        {
            return path;
        }
    }
}
