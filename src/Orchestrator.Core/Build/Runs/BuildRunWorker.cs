using Microsoft.Extensions.Logging;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Common;
using Orchestrator.Core.Options;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// The body of a detached worker process: executes one build run to its end and exits. It holds the run's lock
/// (<see cref="RunLocks"/>) and the session's lock for the whole run, starts the run from <c>request.json</c> or resumes
/// it from its journal (finished attempts are replayed, never re-run), stops when cancelled (the host's signal or a
/// <see cref="RunCancelRequest"/> file), settles the session, and lets go of both locks.
/// </summary>
public sealed partial class BuildRunWorker(
    IBuildRunEnvironmentFactory factory,
    SessionLockManager sessionLocks,
    BuildRunSettler settler,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory)
{
    /// <summary>How long the worker waits for the session lock its server is handing over (or another process holds).</summary>
    public static readonly TimeSpan SessionLockWait = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan CancelPoll = TimeSpan.FromMilliseconds(300);

    private readonly ILogger logger = loggerFactory.CreateLogger<BuildRunWorker>();

    /// <summary>Runs <paramref name="runId"/> of <paramref name="project"/>; answers the process exit code (0: the run ended, whatever its status).</summary>
    public async Task<int> RunAsync(ProjectContext project, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        var located = RunLocator.Locate(project, runId);
        if (!located.Succeeded || RunSetupRecord.Read(located.Value) is not { } record)
        {
            LogRefused(runId, located.Succeeded ? $"no readable {RunSetupRecord.FileName}" : located.Error.Message);
            return 2;
        }

        var runDirectory = located.Value;
        if (RunJournal.ReadSnapshot(runDirectory)?.Status is BuildRunStatus.Completed or BuildRunStatus.CompletedWithFailures or BuildRunStatus.Failed)
        {
            // E.g. its server gave up waiting for this worker and recorded a failed start: a finished run never runs again.
            LogRefused(runId, "the run has already finished");
            return 3;
        }

        await using var runLocks = RunLocks.CreateManager(timeProvider, $"the worker of build run {runId}");
        var runLock = await runLocks.AcquireAsync(runDirectory, cancellationToken).ConfigureAwait(false);
        if (!runLock.Succeeded)
        {
            LogRefused(runId, "another live process executes it: " + runLock.Error.Message);
            return 3;
        }

        var sessionDirectory = new SessionStore(project.SessionsDirectory).SessionDirectory(record.SessionId);
        try
        {
            if (!await AcquireSessionAsync(sessionDirectory, runId, cancellationToken).ConfigureAwait(false))
            {
                return 4;
            }

            using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var poll = timeProvider.CreateTimer(_ =>
            {
                if (RunCancelRequest.IsRequested(runDirectory))
                {
                    cancellation.Cancel();
                }
            }, null, TimeSpan.Zero, CancelPoll);
            var result = await ExecuteAsync(project, runId, runDirectory, record, cancellation.Token).ConfigureAwait(false);
            if (result is null)
            {
                return 5;
            }

            await settler.SettleAsync(project, record.SessionId, result).ConfigureAwait(false);
            return 0;
        }
        finally
        {
            await sessionLocks.ReleaseAsync(sessionDirectory).ConfigureAwait(false);
        }
    }

    private async Task<bool> AcquireSessionAsync(string sessionDirectory, string runId, CancellationToken cancellationToken)
    {
        var refused = await TakeSessionAsync(sessionLocks, sessionDirectory, timeProvider, cancellationToken).ConfigureAwait(false);
        if (refused is not null)
        {
            LogRefused(runId, refused.Message);
        }

        return refused is null;
    }

    /// <summary>
    /// Takes the session's lock for a worker (a build run's or a phase job's), waiting up to <see cref="SessionLockWait"/>:
    /// the starting server lets go of the session just before it starts the worker. Null when held, else why not.
    /// </summary>
    public static async Task<OrchestratorError?> TakeSessionAsync(SessionLockManager sessionLocks, string sessionDirectory, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionLocks);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var deadline = timeProvider.GetUtcNow() + SessionLockWait;
        while (true)
        {
            var held = await sessionLocks.AcquireAsync(sessionDirectory, cancellationToken).ConfigureAwait(false);
            if (held.Succeeded)
            {
                return null;
            }

            if (timeProvider.GetUtcNow() >= deadline)
            {
                return held.Error;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<BuildRunResult?> ExecuteAsync(ProjectContext project, string runId, string runDirectory, RunSetupRecord record, CancellationToken cancellationToken)
    {
        var loaded = await new SessionStore(project.SessionsDirectory).LoadAsync(record.SessionId, cancellationToken).ConfigureAwait(false);
        var options = await OptionsLoader.LoadAsync(project.OrchestratorDirectory, cancellationToken).ConfigureAwait(false);
        if (!loaded.Succeeded)
        {
            LogRefused(runId, loaded.Error.Message);
            return null;
        }

        if (!options.Succeeded)
        {
            LogRefused(runId, options.Error.Message);
            return null;
        }

        // The cluster kept with the run, whatever this worker's --cluster says (a resume never switches it silently).
        var cluster = RunClusterRecord.Resolve(record.Cluster, factory.ClusterFor(options.Value), runId);
        if (!cluster.Succeeded)
        {
            LogRefused(runId, cluster.Error.Message);
            return null;
        }

        var setup = new BuildRunSetup(record.SessionId, runId, runDirectory, project.MainWorkTreeRoot, loaded.Value.WorkTree, record.Runner, record.Isolation,
            record.TestsRequired, options.Value, record.MaxParallel ?? BuildOptions.DefaultMaxParallel, cluster.Value);
        var environment = await factory.CreateAsync(setup, cancellationToken).ConfigureAwait(false);
        if (!environment.Succeeded)
        {
            LogRefused(runId, environment.Error.Message);
            return null;
        }

        var loop = new BuildLoop(environment.Value.Runner, timeProvider, environment.Value.Workspaces, environment.Value.Verifier, loggerFactory.CreateLogger<BuildLoop>());
        if (RunJournal.ReadSnapshot(runDirectory) is not null)
        {
            LogExecuting(runId, "resuming");
            return await loop.ResumeAsync(runDirectory, null, null, cancellationToken).ConfigureAwait(false);
        }

        if (RunRequestRecord.Read(runDirectory) is not { } request)
        {
            LogRefused(runId, $"no journal to resume and no readable {RunRequestRecord.FileName} to start from");
            return null;
        }

        LogExecuting(runId, "starting");
        return await loop.RunAsync(request, null, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Worker of run {RunId} cannot execute it: {Reason}")]
    private partial void LogRefused(string runId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker of run {RunId} {Verb} the run")]
    private partial void LogExecuting(string runId, string verb);
}
