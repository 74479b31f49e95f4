using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Common;
using Orchestrator.Core.Processes;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// The server's side of detached runs: hands a prepared run to a new worker process (letting go of the session, which
/// the worker holds while the run is live) and asks a live worker to stop.
/// </summary>
internal sealed class DetachedRunControl(IBuildRunWorkerStarter? workers, BuildRunRegistry registry, SessionLockManager locks, TimeProvider timeProvider)
{
    /// <summary>Generous: a cold <c>dotnet</c> start on a loaded machine takes seconds.</summary>
    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Starts the worker of <paramref name="runId"/> and waits until it has begun the run (its lock taken, its journal
    /// appended to), so the caller's next build_status already sees it.
    /// </summary>
    public async Task<Outcome<StartedRun>> HandOverAsync(ProjectContext project, string sessionId, string runId, string runDirectory, CancellationToken cancellationToken)
    {
        if (workers is null)
        {
            throw new InvalidOperationException("this server executes runs in process; it has no worker to hand a run to");
        }

        RunCancelRequest.Clear(runDirectory);
        var journalledBefore = RunJournal.ReadEvents(runDirectory).Count;
        // The worker holds the session for the whole run (one writer per session); this server takes it back on its
        // next change after the run, when the worker has let go.
        await locks.ReleaseAsync(new SessionStore(project.SessionsDirectory).SessionDirectory(sessionId)).ConfigureAwait(false);
        var exitFile = Path.Combine(runDirectory, BuildRunWorkerStarter.ExitFileName);
        File.Delete(exitFile);
        if (workers.Start(project, runId) is { } failed)
        {
            return failed;
        }

        registry.Add(new WorkerRun(runId, project, sessionId, runDirectory));
        var deadline = timeProvider.GetUtcNow() + StartWait;
        while (timeProvider.GetUtcNow() < deadline)
        {
            // The worker appends to the journal only while it holds the run lock: a new event means it has begun (a fast
            // run may already have ended and let go).
            if (RunJournal.ReadEvents(runDirectory).Count > journalledBefore)
            {
                return Outcome<StartedRun>.Success(new StartedRun(runId, runDirectory, Detached: true));
            }

            if (File.Exists(exitFile) && !RunLocks.IsExecuted(runDirectory, timeProvider))
            {
                return Outcome<StartedRun>.Failure(ErrorCode.Conflict,
                    $"The worker process of run '{runId}' exited before it began the run. Its log: {LogTail(runDirectory)}");
            }

            await Task.Delay(Poll, timeProvider, cancellationToken).ConfigureAwait(false);
        }

        return Outcome<StartedRun>.Failure(ErrorCode.Conflict,
            $"The worker process of run '{runId}' did not begin the run within {StartWait.TotalSeconds:0} s. build_status shows whether it did later; its log is {Path.Combine(runDirectory, BuildRunWorkerStarter.LogFileName)}.");
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

    private static string LogTail(string runDirectory)
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
