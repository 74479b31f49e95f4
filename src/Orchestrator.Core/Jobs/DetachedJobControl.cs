using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Common;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Processes;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Jobs;

/// <summary>
/// The server's side of spec, plan, divide and close jobs executed by detached workers (the build runs' worker
/// machinery: <see cref="BuildRunExecution"/>): a job outlives the client and the server that started it. The
/// <see cref="PhaseJobRegistry"/> entry of a detached job only observes its folder (<see cref="JobFiles"/>); any
/// server joins a live job of the session or collects its outcome; a job whose worker died reads interrupted at once
/// (same host: the pid) and is re-run by the next call. Without workers (a server whose agents were replaced in code)
/// jobs run in process as before.
/// </summary>
public sealed class DetachedJobControl(BuildRunExecution execution, PhaseRunnerSelector runners, SessionLockManager locks, TimeProvider timeProvider)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    /// <summary>Whether this server's phase jobs run in worker processes.</summary>
    public bool Detaches => execution.Workers is not null;

    /// <summary>
    /// The session's phase job for <paramref name="request"/> (its id is assigned when it starts): in process when this
    /// server has no workers (<paramref name="inProcess"/>); else joined when a live (or finished, not yet collected)
    /// detached job of the same request exists on disk, refused while another job of the session lives, or started in
    /// a new worker.
    /// </summary>
    public Outcome<PhaseJobLease<T>> Claim<T>(PhaseJobRegistry jobs, ProjectContext project, JobRecord request,
        Func<IProgress<JobProgress>, CancellationToken, Task<Outcome<T>>> inProcess, IProgress<JobProgress>? listener)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(request);
        if (!Detaches)
        {
            return jobs.Claim(project, request.SessionId, request.Phase, request.Arguments, inProcess, listener);
        }

        if (jobs.JobFor(project, request.SessionId) is null && FindOpen(project, request.SessionId) is { } open)
        {
            var same = open.Record.Kind == request.Kind && (request.Arguments is null || request.Arguments == open.Record.Arguments);
            if (same)
            {
                return jobs.Claim(project, request.SessionId, request.Phase, open.Record.Arguments, (p, ct) => ObserveAsync<T>(open.Directory, open.Record, p, ct), listener);
            }

            if (IsLiveOrStarting(open.Directory))
            {
                return Outcome<PhaseJobLease<T>>.Failure(ErrorCode.Conflict, open.Record.Kind == request.Kind
                    ? $"A {request.Phase} job of session '{request.SessionId}' is already running with other arguments (in a worker process). Wait for it first: call {request.Phase} with just session_id, then call {request.Phase} again."
                    : $"Cannot run {request.Phase}: the {open.Record.Phase} job of session '{request.SessionId}' is still running (in a worker process). Wait for it first: call {open.Record.Phase} with just session_id until it returns its result.");
            }

            // A finished job of another phase nobody collected: superseded by this request.
            JobFiles.MarkCollected(open.Directory);
        }

        return jobs.Claim(project, request.SessionId, request.Phase, request.Arguments, (p, ct) => RunAsync(project, request, inProcess, p, ct), listener);
    }

    /// <summary>
    /// Starts <paramref name="request"/> in a new worker and observes it to its end. A request refused before any agent
    /// would run (unknown session, too many angles, no runner: a missing CLI, the host runner) is answered in this
    /// process instead, with the same message and without paying for a worker start.
    /// </summary>
    public async Task<Outcome<T>> RunAsync<T>(ProjectContext project, JobRecord request, Func<IProgress<JobProgress>, CancellationToken, Task<Outcome<T>>> inProcess,
        IProgress<JobProgress> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(inProcess);
        var workers = execution.Workers ?? throw new InvalidOperationException("this server runs phase jobs in process");
        // Requests the service refuses before any agent runs (no such session, too many angles, no runner) are answered
        // here, as before, instead of paying for a worker start.
        if (!(await new SessionStore(project.SessionsDirectory).LoadAsync(request.SessionId, cancellationToken).ConfigureAwait(false)).Succeeded
            || request.Angles is { Count: > SpecService.MaxAngles }
            || (request.Kind != JobKind.Close && !(await runners.SelectAsync(project, cancellationToken).ConfigureAwait(false)).Succeeded))
        {
            return await inProcess(progress, cancellationToken).ConfigureAwait(false);
        }

        var job = request with { JobId = JobFiles.NewId(request.Kind, timeProvider.GetUtcNow()) };
        var directory = JobFiles.DirectoryOf(project, job.JobId);
        job.Write(directory);
        // The worker holds the session while the job runs (one writer per session); this server takes it back on its next
        // change. It lets go only once the worker holds job.lock (the worker takes that first, then waits for the
        // session), as for build runs: let go before, another server found the session free while the worker started.
        var failed = await DetachedRunControl.StartWorkerAsync(workers, project, WorkerTarget.Job(job.JobId), directory, JobFiles.LockFileName,
            () => JobOutcome.Read(directory) is not null || RunLocks.LiveOwner(directory, timeProvider, JobFiles.LockFileName) is not null,
            timeProvider, cancellationToken).ConfigureAwait(false);
        await locks.ReleaseAsync(new SessionStore(project.SessionsDirectory).SessionDirectory(job.SessionId)).ConfigureAwait(false);
        if (failed is not null)
        {
            // Recorded, so the job folder says why nothing ran (a worker that takes the job only now finds it ended and refuses).
            JobOutcome.Write(directory, JobOutcome.Failed(failed.Code,
                $"The {job.Phase} job of session '{job.SessionId}' did not start: {failed.Message} Nothing ran; call {job.Phase} again once the cause is fixed."));
        }

        return await ObserveAsync<T>(directory, job, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Follows a detached job's folder: its progress, then its outcome, or its worker's death (interrupted).</summary>
    public async Task<Outcome<T>> ObserveAsync<T>(string directory, JobRecord job, IProgress<JobProgress> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(progress);
        var reported = 0;
        JobProgress? last = null;
        while (true)
        {
            var outcome = JobOutcome.Read(directory);
            var lines = LiveJobReader.ReadProgress(directory);
            for (; reported < lines.Count; reported++)
            {
                if (lines[reported] is { } step)
                {
                    last = step;
                    progress.Report(step);
                }
            }

            if (outcome is null && !IsLiveOrStarting(directory))
            {
                // The outcome is written before the lock is let go: none now means the worker died before the end.
                outcome = JobOutcome.Read(directory);
                if (outcome is null)
                {
                    JobOutcome.Write(directory, Interrupted(directory, job, last));
                    outcome = JobOutcome.Read(directory);
                }
            }

            if (outcome is not null)
            {
                JobFiles.MarkCollected(directory);
                return outcome.To<T>(job.Phase);
            }

            await Task.Delay(Poll, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Asks the live worker of job <paramref name="jobId"/> to stop, from any server (build_cancel with a job id): a
    /// <c>cancel.request</c> in its folder, which the worker polls, plus SIGTERM when it runs on this host; then waits
    /// (bounded) for its end. Answers how it ended: cancelled, or completed / failed when it ended on its own first,
    /// or still running when it did not stop within <paramref name="maxWait"/>.
    /// </summary>
    public async Task<Outcome<RunStatus>> CancelAsync(ProjectContext project, string jobId, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        var directory = JobFiles.IsWellFormed(jobId) ? JobFiles.DirectoryOf(project, jobId) : null;
        if (directory is null || JobRecord.Read(directory) is not { } job)
        {
            return Outcome<RunStatus>.Failure(ErrorCode.UnknownRun,
                $"No phase job '{InputEcho.Truncate(jobId)}' in {JobFiles.Root(project)}. session_status shows a session's live job (its job_id); pass project_root if it belongs to another repository.");
        }

        if (JobOutcome.Read(directory) is not null || !IsLiveOrStarting(directory))
        {
            return Outcome<RunStatus>.Failure(ErrorCode.Conflict, JobOutcome.Read(directory) is null
                ? $"The {job.Phase} job {jobId} is not running: its worker is gone (interrupted). Call {job.Phase} with session_id '{job.SessionId}' to run it again."
                : $"The {job.Phase} job {jobId} already ended; nothing to cancel. Call {job.Phase} with session_id '{job.SessionId}' for its result.");
        }

        RunCancelRequest.Write(directory);
        if (RunLocks.LiveOwner(directory, timeProvider, JobFiles.LockFileName) is { } owner
            && string.Equals(owner.Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase) && ProcessLiveness.IsAlive(owner.Pid, owner.ProcessStart))
        {
            PosixSignals.TrySend(owner.Pid, PosixSignals.SigTerm);
        }

        var deadline = timeProvider.GetUtcNow() + maxWait;
        while (JobOutcome.Read(directory) is null && IsLiveOrStarting(directory) && timeProvider.GetUtcNow() < deadline)
        {
            await Task.Delay(Poll, timeProvider, cancellationToken).ConfigureAwait(false);
        }

        var outcome = JobOutcome.Read(directory);
        return Outcome<RunStatus>.Success(outcome is null
            ? IsLiveOrStarting(directory) ? RunStatus.Running : RunStatus.Interrupted
            : outcome.Cancelled ? RunStatus.Cancelled
            : outcome.Succeeded ? RunStatus.Completed
            : RunStatus.Failed);
    }

    /// <summary>The session's newest detached job not yet collected, if any.</summary>
    public static (string Directory, JobRecord Record)? FindOpen(ProjectContext project, string sessionId)
    {
        var root = JobFiles.Root(project);
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.EnumerateDirectories(root)
            .Where(d => JobFiles.IsWellFormed(Path.GetFileName(d)) && !JobFiles.IsCollected(d))
            .Select(d => (Directory: d, Record: JobRecord.Read(d)))
            .Where(j => j.Record is not null && j.Record.SessionId == sessionId)
            .OrderByDescending(j => File.GetLastWriteTimeUtc(Path.Combine(j.Directory, JobRecord.FileName)))
            .Select(j => ((string, JobRecord)?)(j.Directory, j.Record!))
            .FirstOrDefault();
    }

    private bool IsLiveOrStarting(string directory) => LiveJobReader.IsLiveOrStarting(directory, timeProvider);

    private static JobOutcome Interrupted(string directory, JobRecord job, JobProgress? last) =>
        JobOutcome.Failed(ErrorCode.Conflict,
            $"The {job.Phase} job of session '{job.SessionId}' was interrupted: its worker process died before it finished" +
            (last is null ? "" : $" (last progress: {last})") + $"; its log is {Path.Combine(directory, BuildRunWorkerStarter.LogFileName)}. " +
            (job.Kind == JobKind.Close
                ? "close may have done some of its steps (issues filed, commits made: see git log of the session branch); call close again: it commits only what is still uncommitted."
                : $"Call {job.Phase} again to re-run it; phases already finished are not redone."));
}
