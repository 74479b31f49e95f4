using Microsoft.Extensions.Logging;
using Orchestrator.Core.Common;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Planning;

/// <summary>
/// The spec, plan, divide and close jobs this process runs, at most one per session: a tool call starts one (or finds
/// the one already running) and only waits for it, boundedly, so a client that cuts long calls (Codex, 60 s) loses
/// neither the call nor the work. Jobs are cancelled when the server shuts down.
/// </summary>
public sealed partial class PhaseJobRegistry(ILogger<PhaseJobRegistry> logger) : IDisposable
{
    private readonly Lock sync = new();
    private readonly Dictionary<string, PhaseJob> jobs = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource shutdown = new();

    /// <summary>
    /// The session's <paramref name="phase"/> job for <paramref name="arguments"/>: the running one (when the caller
    /// gave no arguments of its own or the same ones), the finished one not yet collected, or a new one running
    /// <paramref name="work"/>. <paramref name="listener"/> hears the job's progress from its first message on
    /// (dispose the returned subscription when done waiting). Refused while another job of the session runs.
    /// </summary>
    public Outcome<PhaseJobLease<T>> Claim<T>(
        ProjectContext project,
        string sessionId,
        string phase,
        string? arguments,
        Func<IProgress<JobProgress>, CancellationToken, Task<Outcome<T>>> work,
        IProgress<JobProgress>? listener)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(work);
        var key = KeyOf(project, sessionId);
        lock (sync)
        {
            ObjectDisposedException.ThrowIf(shutdown.IsCancellationRequested, this);
            if (jobs.TryGetValue(key, out var existing))
            {
                var same = existing is PhaseJob<T> typed && typed.Phase == phase && (arguments is null || arguments == typed.Arguments) ? typed : null;
                if (!existing.IsFinished && same is null)
                {
                    return Busy(existing, sessionId, phase);
                }

                if (same is not null)
                {
                    return Outcome<PhaseJobLease<T>>.Success(new PhaseJobLease<T>(same, false, listener is null ? null : same.Listen(listener)));
                }
            }

            // Nothing running, or a finished job of another request that this one supersedes (its documents are saved).
            // Listening before the start hears the first message; starting under the lock means no caller sees an unstarted job.
            var job = new PhaseJob<T>(key, phase, arguments);
            var subscription = listener is null ? null : job.Listen(listener, replayLast: false);
            job.Start(Task.Run(() => RunAsync(job, sessionId, work), CancellationToken.None));
            jobs[key] = job;
            LogStarted(phase, sessionId);
            return Outcome<PhaseJobLease<T>>.Success(new PhaseJobLease<T>(job, true, subscription));
        }
    }

    /// <summary>
    /// Before host-supplied work (findings, a plan, chunks) replaces a phase's documents: refused while a job of the
    /// session runs; a finished job of the session not yet collected is dropped (the host's input supersedes it).
    /// </summary>
    public OrchestratorError? ClearForHostInput(ProjectContext project, string sessionId, string phase)
    {
        ArgumentNullException.ThrowIfNull(project);
        var key = KeyOf(project, sessionId);
        lock (sync)
        {
            if (!jobs.TryGetValue(key, out var existing))
            {
                return null;
            }

            if (!existing.IsFinished)
            {
                return Busy(existing, sessionId, phase);
            }

            jobs.Remove(key);
            return null;
        }
    }

    /// <summary>A caller has the finished job's outcome: forget it, so the next call starts afresh.</summary>
    public void Collect(PhaseJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        lock (sync)
        {
            if (jobs.TryGetValue(job.Key, out var current) && ReferenceEquals(current, job))
            {
                jobs.Remove(job.Key);
            }
        }
    }

    /// <summary>The session's job that is still running, if any.</summary>
    public PhaseJob? RunningFor(ProjectContext project, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(project);
        lock (sync)
        {
            return jobs.TryGetValue(KeyOf(project, sessionId), out var job) && !job.IsFinished ? job : null;
        }
    }

    /// <summary>The session's job, running or finished but not yet collected, if any.</summary>
    public PhaseJob? JobFor(ProjectContext project, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(project);
        lock (sync)
        {
            return jobs.GetValueOrDefault(KeyOf(project, sessionId));
        }
    }

    public void Dispose()
    {
        lock (sync)
        {
            if (shutdown.IsCancellationRequested)
            {
                return;
            }

            shutdown.Cancel();
        }

        shutdown.Dispose();
    }

    private async Task<Outcome<T>> RunAsync<T>(PhaseJob<T> job, string sessionId, Func<IProgress<JobProgress>, CancellationToken, Task<Outcome<T>>> work)
    {
        CancellationToken token;
        try
        {
            token = shutdown.Token;
        }
        catch (ObjectDisposedException)
        {
            return Outcome<T>.Failure(ErrorCode.Conflict, $"The server stopped before the {job.Phase} job of session '{sessionId}' began. Call {job.Phase} again.");
        }

        try
        {
            var outcome = await work(new PhaseJob.Relay(job), token).ConfigureAwait(false);
            if (outcome.Succeeded)
            {
                LogFinished(job.Phase, sessionId);
            }
            else
            {
                LogFailed(job.Phase, sessionId, outcome.Error.Message);
            }

            return outcome;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return Outcome<T>.Failure(ErrorCode.Conflict, $"The server stopped while the {job.Phase} job of session '{sessionId}' ran. Call {job.Phase} again.");
        }
        catch (Exception ex)
        {
            LogFailed(job.Phase, sessionId, ex.ToString());
            return Outcome<T>.Failure(ErrorCode.Conflict, $"The {job.Phase} job of session '{sessionId}' failed unexpectedly: {ex.Message}. Call {job.Phase} again.");
        }
    }

    private static OrchestratorError Busy(PhaseJob running, string sessionId, string phase) =>
        new(ErrorCode.Conflict, running.Phase == phase
            ? $"A {phase} job of session '{sessionId}' is already running with other arguments. Wait for it first: call {phase} with just session_id (it returns the result when done), then call {phase} again."
            : $"Cannot run {phase}: the {running.Phase} job of session '{sessionId}' is still running. Wait for it first: call {running.Phase} with just session_id until it returns its result.");

    private static string KeyOf(ProjectContext project, string sessionId) => project.SessionsDirectory + "\n" + sessionId;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Phase} job of session {SessionId} started")]
    private partial void LogStarted(string phase, string sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Phase} job of session {SessionId} finished")]
    private partial void LogFinished(string phase, string sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Phase} job of session {SessionId} failed: {Reason}")]
    private partial void LogFailed(string phase, string sessionId, string reason);
}
