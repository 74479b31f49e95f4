using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Close;
using Orchestrator.Core.Common;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Jobs;

/// <summary>
/// The body of a detached worker executing one spec, plan, divide or close job (<c>run --job &lt;id&gt;</c>): it holds
/// the job's lock (<c>job.lock</c>, the run lock's machinery: pid, start time, 2 s heartbeat) and the session's lock,
/// runs the phase service exactly as the server would, appends its progress to <c>progress.jsonl</c>, stops when
/// cancelled (the host's signal or <c>cancel.request</c>), and writes <c>outcome.json</c> before it lets go.
/// </summary>
public sealed partial class PhaseJobWorker(
    SpecService specs,
    PlanService plans,
    DivideService divider,
    CloseService close,
    SessionLockManager sessionLocks,
    TimeProvider timeProvider,
    ILogger<PhaseJobWorker> logger)
{
    private static readonly TimeSpan CancelPoll = TimeSpan.FromMilliseconds(300);

    /// <summary>Runs job <paramref name="jobId"/> of <paramref name="project"/>; answers the process exit code (0: the job ended, whatever its outcome).</summary>
    public async Task<int> RunAsync(ProjectContext project, string jobId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        var directory = JobFiles.DirectoryOf(project, jobId);
        if (!JobFiles.IsWellFormed(jobId) || JobRecord.Read(directory) is not { } job)
        {
            LogRefused(jobId, $"no readable {JobRecord.FileName}");
            return 2;
        }

        await using var jobLocks = RunLocks.CreateManager(timeProvider, $"the worker of the {job.Phase} job {jobId} of session {job.SessionId}", JobFiles.LockFileName);
        var held = await jobLocks.AcquireAsync(directory, cancellationToken).ConfigureAwait(false);
        if (!held.Succeeded || JobOutcome.Read(directory) is not null)
        {
            // Another worker has it, or it has ended (e.g. its server gave up waiting and recorded a failed start).
            LogRefused(jobId, held.Succeeded ? "the job has already ended" : held.Error.Message);
            return 3;
        }

        var sessionDirectory = new SessionStore(project.SessionsDirectory).SessionDirectory(job.SessionId);
        try
        {
            JobOutcome outcome;
            if (await BuildRunWorker.TakeSessionAsync(sessionLocks, sessionDirectory, timeProvider, cancellationToken).ConfigureAwait(false) is { } refused)
            {
                outcome = JobOutcome.Failed(refused.Code, $"The {job.Phase} job could not take session '{job.SessionId}': {refused.Message}");
            }
            else
            {
                using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                using var poll = timeProvider.CreateTimer(_ =>
                {
                    if (RunCancelRequest.IsRequested(directory))
                    {
                        cancellation.Cancel();
                    }
                }, null, TimeSpan.Zero, CancelPoll);
                LogExecuting(jobId, job.Phase, job.SessionId);
                outcome = await ExecuteAsync(project, job, new ProgressFile(directory), cancellation).ConfigureAwait(false);
            }

            JobOutcome.Write(directory, outcome);
            LogEnded(jobId, outcome.Succeeded ? "succeeded" : outcome.Message ?? "failed");
            return 0;
        }
        finally
        {
            await sessionLocks.ReleaseAsync(sessionDirectory).ConfigureAwait(false);
        }
    }

    private async Task<JobOutcome> ExecuteAsync(ProjectContext project, JobRecord job, IProgress<JobProgress> progress, CancellationTokenSource cancellation)
    {
        var token = cancellation.Token;
        try
        {
            var outcome = job.Kind switch
            {
                JobKind.Spec => JobOutcome.From(await specs.RunAsync(project, job.SessionId, job.Angles, null, progress, token).ConfigureAwait(false)),
                JobKind.Plan => JobOutcome.From(await Reported(progress, "plan: the planning agent is working", () => plans.RunAsync(project, job.SessionId, null, job.Feedback, token)).ConfigureAwait(false)),
                JobKind.Divide => JobOutcome.From(await Reported(progress, "divide: the divider agent is working", () => divider.RunAsync(project, job.SessionId, null, job.TestsRequired, token)).ConfigureAwait(false)),
                _ => JobOutcome.From(await close.CloseAsync(project, job.Close ?? new CloseRequest(job.SessionId), progress, token).ConfigureAwait(false)),
            };
            return token.IsCancellationRequested && !outcome.Succeeded ? Cancelled(job) : outcome;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return Cancelled(job);
        }
        catch (Exception ex)
        {
            LogCrashed(job.JobId, ex.ToString());
            return JobOutcome.Failed(ErrorCode.Conflict, $"The {job.Phase} job of session '{job.SessionId}' failed unexpectedly: {ex.Message}. Call {job.Phase} again.");
        }
    }

    private static Task<T> Reported<T>(IProgress<JobProgress> progress, string message, Func<Task<T>> work)
    {
        progress.Report(JobProgress.Indeterminate(message));
        return work();
    }

    private static JobOutcome Cancelled(JobRecord job) =>
        JobOutcome.Failed(ErrorCode.Conflict, $"The {job.Phase} job of session '{job.SessionId}' was cancelled before it finished. Call {job.Phase} again to run it.") with { Cancelled = true };

    /// <summary>The job's progress, one JSON line per report, so an observer polling the file misses no step.</summary>
    private sealed class ProgressFile(string directory) : IProgress<JobProgress>
    {
        private readonly Lock sync = new();

        public void Report(JobProgress value)
        {
            try
            {
                lock (sync)
                {
                    File.AppendAllText(Path.Combine(directory, JobFiles.ProgressFileName), JsonSerializer.Serialize(value, JobJson.TypeInfo<JobProgress>()) + "\n");
                }
            }
            catch (IOException)
            {
                // Progress is advisory; the outcome is what counts.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Worker of job {JobId} cannot execute it: {Reason}")]
    private partial void LogRefused(string jobId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker of job {JobId} runs the {Phase} phase of session {SessionId}")]
    private partial void LogExecuting(string jobId, string phase, string sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} ended: {Outcome}")]
    private partial void LogEnded(string jobId, string outcome);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} failed unexpectedly: {Error}")]
    private partial void LogCrashed(string jobId, string error);
}
