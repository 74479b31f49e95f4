using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Common;
using Orchestrator.Core.Options;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Planning.Costs;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// Starts, resumes and cancels build runs of sessions. A start never blocks: the run executes in a detached worker
/// process (<see cref="BuildRunExecution"/>; it outlives the client and this server) or, for the host runner, in the
/// background of this process; either way it is watched through <see cref="BuildRunReader"/>. Whoever executes a run
/// holds its run lock and settles it when it ends: its session moves to review and the concerns gate opens if
/// reviewers left concerns or blockers.
/// </summary>
public sealed partial class BuildRunLauncher(
    BuildRunRegistry registry,
    IBuildRunEnvironmentFactory factory,
    SessionWriter writer,
    SessionLockManager locks,
    BuildRunSettler settler,
    BuildRunExecution execution,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory)
{
    private readonly ILogger logger = loggerFactory.CreateLogger<BuildRunLauncher>();
    private readonly DetachedRunControl detached = new(execution.Workers, registry, locks, settler, timeProvider);
    private readonly UnsettledRunSettler unsettled = new(settler, locks, timeProvider);

    // One gate per session directory, held from "is a build of it running?" to "the new run is registered", so
    // concurrent build_start (or build_resume) calls on one session yield one run. Sessions are few; gates are kept.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> sessionGates = new(StringComparer.Ordinal);

    public async Task<Outcome<StartedRun>> StartAsync(ProjectContext project, string sessionId, BuildStartRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(request);
        var gate = GateOf(project, sessionId);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await StartHeldAsync(project, sessionId, request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<Outcome<StartedRun>> ResumeAsync(ProjectContext project, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        if (registry.Find(runId) is { } live && !live.Settled.IsCompleted)
        {
            return Outcome<StartedRun>.Failure(ErrorCode.Conflict, $"Run '{runId}' is running; there is nothing to resume. Watch it with build_status.");
        }

        var located = RunLocator.Locate(project, runId);
        if (!located.Succeeded)
        {
            return located.Error;
        }

        var runDirectory = located.Value;
        // A cancelled or paused run's worker may still be exiting (holding run.lock) when the resume comes.
        if (await EndedRunOwner.LiveOwnerAsync(runDirectory, timeProvider, EndedRunOwner.ExitGrace, cancellationToken).ConfigureAwait(false) is { } owner)
        {
            return Outcome<StartedRun>.Failure(ErrorCode.Conflict,
                $"Run '{runId}' is running ({owner.Holder ?? "its server"}, pid {owner.Pid} on {owner.Host}); there is nothing to resume. Watch it with build_status.");
        }

        var snapshot = RunJournal.ReadSnapshot(runDirectory);
        if (snapshot is null)
        {
            return Outcome<StartedRun>.Failure(ErrorCode.UnknownRun, $"Run '{runId}' has no readable journal ({RunJournal.FileName}), so it cannot be resumed. Start a new run with build_start.");
        }

        if (snapshot.Status is BuildRunStatus.Completed or BuildRunStatus.CompletedWithFailures or BuildRunStatus.Failed)
        {
            return Outcome<StartedRun>.Failure(ErrorCode.Conflict,
                $"Run '{runId}' already finished ({RunStatusRule.Name(RunStatusRule.Of(snapshot, executing: false))}); only a cancelled, paused or interrupted run can be resumed. build_result shows its result; start a new run with build_start.");
        }

        var record = RunSetupRecord.Read(runDirectory);
        if (record is null)
        {
            return Outcome<StartedRun>.Failure(ErrorCode.UnknownRun, $"Run '{runId}' has no readable {RunSetupRecord.FileName}, so its runner is unknown. Start a new run with build_start.");
        }

        // A cancelled or paused end that a killed worker never settled is settled first: each end gets its own line.
        await unsettled.SettleIfUnsettledAsync(project, runId, cancellationToken).ConfigureAwait(false);

        var gate = GateOf(project, record.SessionId);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ResumeHeldAsync(project, runId, runDirectory, record, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Requests cancellation and waits (bounded) for the run to stop; answers the status it stopped in.</summary>
    public async Task<Outcome<RunStatus>> CancelAsync(ProjectContext? project, string runId, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        if (registry.Find(runId) is { } live)
        {
            if (live.Settled.IsCompleted)
            {
                return Outcome<RunStatus>.Failure(ErrorCode.Conflict, $"Run '{runId}' already finished ({RunStatusRule.Name(RunStatusRule.Of(live))}); nothing to cancel. build_result shows its result.");
            }

            live.Handle.Cancel();
            try
            {
                await live.Settled.WaitAsync(maxWait, timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Agents that ignore cancellation are still being stopped; the status says so.
            }

            return Outcome<RunStatus>.Success(RunStatusRule.Of(live));
        }

        var located = RunLocator.Locate(project, runId);
        if (!located.Succeeded)
        {
            return located.Error;
        }

        if (RunLocks.LiveOwner(located.Value, timeProvider) is { } owner)
        {
            if (RunJournal.ReadSnapshot(located.Value)?.Status is { } ended and not BuildRunStatus.Running)
            {
                return Outcome<RunStatus>.Failure(ErrorCode.Conflict, $"Run '{runId}' already finished ({RunStatusRule.Name(RunStatusRule.Of(ended, executing: false))}); nothing to cancel. build_result shows its result.");
            }

            return Outcome<RunStatus>.Success(await detached.CancelAsync(located.Value, owner, maxWait, cancellationToken).ConfigureAwait(false));
        }

        var status = RunStatusRule.Of(RunJournal.ReadSnapshot(located.Value), executing: false);
        return Outcome<RunStatus>.Failure(ErrorCode.Conflict, status == RunStatus.Interrupted
            ? $"Run '{runId}' is not running in this server (interrupted); nothing to cancel. build_resume continues it."
            : $"Run '{runId}' already finished ({RunStatusRule.Name(status)}); nothing to cancel.");
    }

    private async Task<Outcome<StartedRun>> StartHeldAsync(ProjectContext project, string sessionId, BuildStartRequest request, CancellationToken cancellationToken)
    {
        var store = new SessionStore(project.SessionsDirectory);
        var loaded = await store.LoadAsync(sessionId, cancellationToken).ConfigureAwait(false);
        if (!loaded.Succeeded)
        {
            return loaded.Error;
        }

        var state = loaded.Value;
        if ((SessionPhaseGuard.CheckWritable(state, registry, "start a build") ?? SessionHolders.HeldElsewhere(locks, project, sessionId, "start a build")) is { } refused)
        {
            return refused;
        }

        if (GateGuard.RequireApproved(state, GateNames.Build, "start a build") is { } closed)
        {
            return closed;
        }

        if (request.MaxParallel is < 0 || request.BudgetUsd is < 0)
        {
            return Outcome<StartedRun>.Failure(ErrorCode.InvalidArgument, "max_parallel and budget_usd must not be negative. Omit them for the defaults (4 agents at once, no budget).");
        }

        var chunksText = await store.ReadDocumentAsync(sessionId, SessionDocuments.Chunks, cancellationToken).ConfigureAwait(false);
        string? chunksProblem = null;
        var chunkPlan = chunksText is null ? null : SessionChunkPlan.Parse(chunksText, out chunksProblem);
        if (chunkPlan is null)
        {
            return Outcome<StartedRun>.Failure(ErrorCode.InvalidPlan,
                $"Session '{sessionId}' has no readable {SessionDocuments.Chunks}{(chunksProblem is null ? "" : $" ({store.SessionDirectory(sessionId)}/{SessionDocuments.Chunks}: {InputEcho.Truncate(chunksProblem, 300)})")}. " +
                "Call divide to write the chunk plan, then approve(gate: \"build\").");
        }

        var plan = await store.ReadDocumentAsync(sessionId, SessionDocuments.Plan, cancellationToken).ConfigureAwait(false) ?? "";
        var runId = RunIds.New(timeProvider.GetUtcNow());
        var runDirectory = RunIds.DirectoryOf(project, runId);
        var configured = await OptionsLoader.LoadAsync(project.OrchestratorDirectory, cancellationToken).ConfigureAwait(false);
        if (!configured.Succeeded)
        {
            return configured.Error;
        }

        var runner = request.Runner is { } chosen
            ? Outcome<RunnerKind>.Success(chosen)
            : RunnerKinds.Parse(configured.Value.DefaultRunner, PhaseRunnerSelector.DefaultRunnerSource);
        if (!runner.Succeeded)
        {
            return runner.Error;
        }

        // Where the agents go is decided now and kept with the run: a resume by any server places them the same way.
        var cluster = factory.ClusterFor(configured.Value);
        var record = new RunSetupRecord(sessionId, runner.Value, request.Isolation, request.MaxParallel, request.BudgetUsd, chunkPlan.TestsRequired)
        {
            Cluster = RunClusterRecord.From(cluster),
        };
        var environment = await PrepareAsync(project, state, runId, runDirectory, record, configured.Value, cluster, cancellationToken).ConfigureAwait(false);
        if (!environment.Succeeded)
        {
            return environment.Error;
        }

        record.Write(runDirectory);
        OrchestratorError? executing = null;
        var updated = await writer.UpdateAsync(project, sessionId, s => (executing = SessionHolders.RunExecuting(project, s, null, "start a build", timeProvider)) is { } refused
            ? refused
            : Outcome<SessionState>.Success(s with { Phase = SessionPhase.Build, Runs = [.. s.Runs, runId] }), cancellationToken).ConfigureAwait(false);
        if (!updated.Succeeded)
        {
            // Refused with nothing recorded: the run folder goes (issue 17: refused builds leave no folder).
            Directory.Delete(runDirectory, recursive: true);
            await LetGoForExecutingRunAsync(project, sessionId, executing).ConfigureAwait(false);
            return updated.Error;
        }

        var input = new BuildRunInput(state.Description, plan, chunkPlan.TestsRequired, chunkPlan.Waves);
        // Estimated for the runner this run really uses (divide used the default one), so the gate's figures and the budget's reservations agree.
        var estimate = await PlanCostEstimates.EstimateAsync(project, chunkPlan.Waves, state.WorkTree, runner.Value, cancellationToken).ConfigureAwait(false);
        if (estimate is not null)
        {
            await writer.WriteDocumentAsync(project, sessionId, PlanCostEstimate.FileName, estimate.Serialize(), cancellationToken).ConfigureAwait(false);
        }
        var options = new BuildOptions { MaxParallel = request.MaxParallel ?? BuildOptions.DefaultMaxParallel, BudgetUsd = request.BudgetUsd, CostEstimate = estimate };
        var buildRequest = new BuildRunRequest(runId, runDirectory, state.WorkTree, input, options);
        LogRunStarted(runId, sessionId, RunnerKinds.Name(runner.Value), execution.Detaches(runner.Value) ? "a worker process" : "this process");
        if (execution.Detaches(runner.Value))
        {
            RunRequestRecord.Write(buildRequest);
            return await detached.HandOverAsync(project, sessionId, runId, runDirectory, cancellationToken).ConfigureAwait(false);
        }

        var loop = new BuildLoop(environment.Value!.Runner, timeProvider, environment.Value.Workspaces, environment.Value.Verifier, loggerFactory.CreateLogger<BuildLoop>());
        return await TrackAsync(() => loop.Start(buildRequest), project, sessionId, runDirectory, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Outcome<StartedRun>> ResumeHeldAsync(ProjectContext project, string runId, string runDirectory, RunSetupRecord record, CancellationToken cancellationToken)
    {
        var loaded = await new SessionStore(project.SessionsDirectory).LoadAsync(record.SessionId, cancellationToken).ConfigureAwait(false);
        if (!loaded.Succeeded)
        {
            return loaded.Error;
        }

        if ((SessionPhaseGuard.CheckWritable(loaded.Value, registry, "resume a build") ?? SessionHolders.HeldElsewhere(locks, project, record.SessionId, "resume a build")) is { } refused)
        {
            return refused;
        }

        var options = await OptionsLoader.LoadAsync(project.OrchestratorDirectory, cancellationToken).ConfigureAwait(false);
        if (!options.Succeeded)
        {
            return options.Error;
        }

        var cluster = RunClusterRecord.Resolve(record.Cluster, factory.ClusterFor(options.Value), runId);
        if (!cluster.Succeeded)
        {
            return cluster.Error;
        }

        var environment = await PrepareAsync(project, loaded.Value, runId, runDirectory, record, options.Value, cluster.Value, cancellationToken).ConfigureAwait(false);
        if (!environment.Succeeded)
        {
            return environment.Error;
        }

        OrchestratorError? executing = null;
        var updated = await writer.UpdateAsync(project, record.SessionId, s => (executing = SessionHolders.RunExecuting(project, s, runId, "resume a build", timeProvider)) is { } refused
            ? refused
            : Outcome<SessionState>.Success(s with { Phase = SessionPhase.Build }), cancellationToken).ConfigureAwait(false);
        if (!updated.Succeeded)
        {
            await LetGoForExecutingRunAsync(project, record.SessionId, executing).ConfigureAwait(false);
            return updated.Error;
        }

        LogRunResumed(runId, record.SessionId, execution.Detaches(record.Runner) ? "a worker process" : "this process");
        if (execution.Detaches(record.Runner))
        {
            return await detached.HandOverAsync(project, record.SessionId, runId, runDirectory, cancellationToken).ConfigureAwait(false);
        }

        var loop = new BuildLoop(environment.Value!.Runner, timeProvider, environment.Value.Workspaces, environment.Value.Verifier, loggerFactory.CreateLogger<BuildLoop>());
        return await TrackAsync(() => loop.StartResume(runDirectory, null), project, record.SessionId, runDirectory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The run's environment when this process executes it; a worker's run is only checked (the worker builds it,
    /// so the set-up, e.g. the stale chunk worktree clean-up, runs once per start, in the process owning the worktrees).</summary>
    private async Task<Outcome<BuildRunEnvironment?>> PrepareAsync(
        ProjectContext project, SessionState state, string runId, string runDirectory, RunSetupRecord record, OrchestratorOptions options, ClusterTarget? cluster,
        CancellationToken cancellationToken)
    {
        var setup = new BuildRunSetup(state.Session, runId, runDirectory, project.MainWorkTreeRoot, state.WorkTree, record.Runner, record.Isolation,
            record.TestsRequired, options, record.MaxParallel ?? BuildOptions.DefaultMaxParallel, cluster);
        if (execution.Detaches(record.Runner))
        {
            return factory.Check(setup) is { } refused ? refused : Outcome<BuildRunEnvironment?>.Success(null);
        }

        var created = await factory.CreateAsync(setup, cancellationToken).ConfigureAwait(false);
        return created.Succeeded ? Outcome<BuildRunEnvironment?>.Success(created.Value) : created.Error;
    }

    /// <summary>
    /// After a refusal because another run of the session executes: the session lock the update just took goes back,
    /// since that run's worker may be waiting for it (its server hands the session over once the worker holds the run).
    /// </summary>
    private Task LetGoForExecutingRunAsync(ProjectContext project, string sessionId, OrchestratorError? executing) =>
        executing is null ? Task.CompletedTask : locks.ReleaseAsync(new SessionStore(project.SessionsDirectory).SessionDirectory(sessionId));

    private SemaphoreSlim GateOf(ProjectContext project, string sessionId) =>
        sessionGates.GetOrAdd(Path.GetFullPath(Path.Combine(project.SessionsDirectory, sessionId)), _ => new SemaphoreSlim(1, 1));
}
