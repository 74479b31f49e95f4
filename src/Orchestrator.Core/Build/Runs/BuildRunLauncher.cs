using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Common;
using Orchestrator.Core.Options;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// Starts, resumes and cancels build runs of sessions. A start never blocks: the loop runs in the background (watched
/// through <see cref="BuildRunReader"/>). When a run ends it is settled: its session moves to review and the concerns
/// gate opens if reviewers left concerns or blockers.
/// </summary>
public sealed partial class BuildRunLauncher(
    BuildRunRegistry registry,
    IBuildRunEnvironmentFactory factory,
    SessionWriter writer,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory)
{
    private readonly ILogger logger = loggerFactory.CreateLogger<BuildRunLauncher>();

    // One gate per session directory, held from "is a build of it running?" to "the new run is registered", so
    // concurrent build_start (or build_resume) calls on one session yield one run. Sessions are few; gates are kept.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> sessionGates = new(StringComparer.Ordinal);

    public async Task<Outcome<LiveRun>> StartAsync(ProjectContext project, string sessionId, BuildStartRequest request, CancellationToken cancellationToken)
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

    public async Task<Outcome<LiveRun>> ResumeAsync(ProjectContext project, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        if (registry.Find(runId) is { } live && !live.Settled.IsCompleted)
        {
            return Outcome<LiveRun>.Failure(ErrorCode.Conflict, $"Run '{runId}' is running; there is nothing to resume. Watch it with build_status.");
        }

        var located = RunLocator.Locate(project, runId);
        if (!located.Succeeded)
        {
            return located.Error;
        }

        var runDirectory = located.Value;
        var snapshot = RunJournal.ReadSnapshot(runDirectory);
        if (snapshot is null)
        {
            return Outcome<LiveRun>.Failure(ErrorCode.UnknownRun, $"Run '{runId}' has no readable journal ({RunJournal.FileName}), so it cannot be resumed. Start a new run with build_start.");
        }

        if (snapshot.Status is BuildRunStatus.Completed or BuildRunStatus.Failed)
        {
            return Outcome<LiveRun>.Failure(ErrorCode.Conflict,
                $"Run '{runId}' already finished ({snapshot.Status.ToString().ToLowerInvariant()}); only a cancelled or interrupted run can be resumed. build_result shows its result; start a new run with build_start.");
        }

        var record = RunSetupRecord.Read(runDirectory);
        if (record is null)
        {
            return Outcome<LiveRun>.Failure(ErrorCode.UnknownRun, $"Run '{runId}' has no readable {RunSetupRecord.FileName}, so its runner is unknown. Start a new run with build_start.");
        }

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

        var status = RunStatusRule.Of(RunJournal.ReadSnapshot(located.Value)?.Status, executing: false);
        return Outcome<RunStatus>.Failure(ErrorCode.Conflict, status == RunStatus.Interrupted
            ? $"Run '{runId}' is not running in this server (interrupted); nothing to cancel. build_resume continues it."
            : $"Run '{runId}' already finished ({RunStatusRule.Name(status)}); nothing to cancel.");
    }

    private async Task<Outcome<LiveRun>> StartHeldAsync(ProjectContext project, string sessionId, BuildStartRequest request, CancellationToken cancellationToken)
    {
        var store = new SessionStore(project.SessionsDirectory);
        var loaded = await store.LoadAsync(sessionId, cancellationToken).ConfigureAwait(false);
        if (!loaded.Succeeded)
        {
            return loaded.Error;
        }

        var state = loaded.Value;
        if (SessionPhaseGuard.CheckWritable(state, registry, "start a build") is { } refused)
        {
            return refused;
        }

        if (GateGuard.RequireApproved(state, GateNames.Build, "start a build") is { } closed)
        {
            return closed;
        }

        if (request.MaxParallel is < 0 || request.BudgetUsd is < 0)
        {
            return Outcome<LiveRun>.Failure(ErrorCode.InvalidArgument, "max_parallel and budget_usd must not be negative. Omit them for the defaults (4 agents at once, no budget).");
        }

        var chunksText = await store.ReadDocumentAsync(sessionId, SessionDocuments.Chunks, cancellationToken).ConfigureAwait(false);
        var chunkPlan = chunksText is null ? null : SessionChunkPlan.Parse(chunksText, out _);
        if (chunkPlan is null)
        {
            return Outcome<LiveRun>.Failure(ErrorCode.InvalidPlan,
                $"Session '{sessionId}' has no readable {SessionDocuments.Chunks}. Call divide to write the chunk plan, then approve(gate: \"build\").");
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

        var record = new RunSetupRecord(sessionId, runner.Value, request.Isolation, request.MaxParallel, request.BudgetUsd, chunkPlan.TestsRequired);
        var environment = await CreateEnvironmentAsync(project, state, runId, runDirectory, record, configured.Value, cancellationToken).ConfigureAwait(false);
        if (!environment.Succeeded)
        {
            return environment.Error;
        }

        record.Write(runDirectory);
        var updated = await writer.UpdateAsync(project, sessionId, s => Outcome<SessionState>.Success(s with
        {
            Phase = SessionPhase.Build,
            Runs = [.. s.Runs, runId],
        }), cancellationToken).ConfigureAwait(false);
        if (!updated.Succeeded)
        {
            return updated.Error;
        }

        var loop = new BuildLoop(environment.Value.Runner, timeProvider, environment.Value.Workspaces, environment.Value.Verifier, loggerFactory.CreateLogger<BuildLoop>());
        var input = new BuildRunInput(state.Description, plan, chunkPlan.TestsRequired, chunkPlan.Waves);
        var options = new BuildOptions { MaxParallel = request.MaxParallel ?? BuildOptions.DefaultMaxParallel, BudgetUsd = request.BudgetUsd };
        var handle = loop.Start(new BuildRunRequest(runId, runDirectory, state.WorkTree, input, options));
        var live = Track(handle, project, sessionId);
        LogRunStarted(runId, sessionId, RunnerKinds.Name(runner.Value));
        return Outcome<LiveRun>.Success(live);
    }

    private async Task<Outcome<LiveRun>> ResumeHeldAsync(ProjectContext project, string runId, string runDirectory, RunSetupRecord record, CancellationToken cancellationToken)
    {
        var loaded = await new SessionStore(project.SessionsDirectory).LoadAsync(record.SessionId, cancellationToken).ConfigureAwait(false);
        if (!loaded.Succeeded)
        {
            return loaded.Error;
        }

        if (SessionPhaseGuard.CheckWritable(loaded.Value, registry, "resume a build") is { } refused)
        {
            return refused;
        }

        var options = await OptionsLoader.LoadAsync(project.OrchestratorDirectory, cancellationToken).ConfigureAwait(false);
        if (!options.Succeeded)
        {
            return options.Error;
        }

        var environment = await CreateEnvironmentAsync(project, loaded.Value, runId, runDirectory, record, options.Value, cancellationToken).ConfigureAwait(false);
        if (!environment.Succeeded)
        {
            return environment.Error;
        }

        var updated = await writer.UpdateAsync(project, record.SessionId, s => Outcome<SessionState>.Success(s with { Phase = SessionPhase.Build }), cancellationToken).ConfigureAwait(false);
        if (!updated.Succeeded)
        {
            return updated.Error;
        }

        var loop = new BuildLoop(environment.Value.Runner, timeProvider, environment.Value.Workspaces, environment.Value.Verifier, loggerFactory.CreateLogger<BuildLoop>());
        var handle = loop.StartResume(runDirectory, null);
        LogRunResumed(runId, record.SessionId);
        return Outcome<LiveRun>.Success(Track(handle, project, record.SessionId));
    }

    private Task<Outcome<BuildRunEnvironment>> CreateEnvironmentAsync(
        ProjectContext project, SessionState state, string runId, string runDirectory, RunSetupRecord record, OrchestratorOptions options, CancellationToken cancellationToken)
    {
        var setup = new BuildRunSetup(state.Session, runId, runDirectory, project.MainWorkTreeRoot, state.WorkTree, record.Runner, record.Isolation,
            record.TestsRequired, options, record.MaxParallel ?? BuildOptions.DefaultMaxParallel);
        return factory.CreateAsync(setup, cancellationToken);
    }

    private SemaphoreSlim GateOf(ProjectContext project, string sessionId) =>
        sessionGates.GetOrAdd(Path.GetFullPath(Path.Combine(project.SessionsDirectory, sessionId)), _ => new SemaphoreSlim(1, 1));

    private LiveRun Track(BuildRunHandle handle, ProjectContext project, string sessionId)
    {
        var settled = SettleAsync(handle, project, sessionId);
        var live = new LiveRun(handle, project, sessionId, settled);
        registry.Add(live);
        return live;
    }

    private async Task SettleAsync(BuildRunHandle handle, ProjectContext project, string sessionId)
    {
        var result = await handle.Completion.ConfigureAwait(false);
        try
        {
            var needsDecision = result.Concerns.Count > 0 || result.UnresolvedBlockers.Count > 0;
            var history = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{handle.RunId} {RunStatusRule.Name(RunStatusRule.Of(result.Status, executing: false))}: {result.PerChunk.Count(p => p.Ok)}/{result.PerChunk.Count} chunks ok, {result.Skipped.Count} skipped, " +
                $"{result.UnresolvedBlockers.Count} unresolved blocker(s), {result.Concerns.Count} concern(s), ${result.CostUsd:0.00}{(result.StopReason is null ? "" : $" ({result.StopReason})")}");
            var updated = await writer.UpdateAsync(project, sessionId, s => Outcome<SessionState>.Success(s with
            {
                Phase = SessionPhase.Review,
                Body = SessionBody.AppendToSection(s.Body, SessionBody.WaveHistory, history),
                // An earlier run's undecided concerns are superseded by this run's outcome; a decided gate keeps its record.
                Gates = s.Gates with
                {
                    Concerns = needsDecision ? new GateState(GateState.Open)
                        : s.Gates.Concerns.Status == GateState.Open ? GateState.Initial
                        : s.Gates.Concerns,
                },
            }), CancellationToken.None).ConfigureAwait(false);
            if (!updated.Succeeded)
            {
                LogSettleFailed(handle.RunId, updated.Error.Message);
            }

            LogRunSettled(handle.RunId, result.Status.ToString(), result.Concerns.Count, result.UnresolvedBlockers.Count);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogSettleFailed(handle.RunId, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} of session {SessionId} started with runner {Runner}")]
    private partial void LogRunStarted(string runId, string sessionId, string runner);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} of session {SessionId} resumed")]
    private partial void LogRunResumed(string runId, string sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} ended {Status}: {Concerns} concerns, {Blockers} unresolved blockers")]
    private partial void LogRunSettled(string runId, string status, int concerns, int blockers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} ended but its session could not be updated: {Reason}")]
    private partial void LogSettleFailed(string runId, string reason);
}
