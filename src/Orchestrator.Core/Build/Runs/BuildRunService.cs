using Microsoft.Extensions.Logging;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Common;
using Orchestrator.Core.Options;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// Starts, watches, cancels and resumes build runs of sessions. A start never blocks: the loop runs in the
/// background and is watched through <see cref="StatusAsync"/> (a bounded long-poll over its events). When a run
/// ends, its session moves to review and the concerns gate opens if reviewers left concerns or blockers.
/// </summary>
public sealed partial class BuildRunService(
    BuildRunRegistry registry,
    IBuildRunEnvironmentFactory factory,
    SessionWriter writer,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory)
{
    /// <summary>At most this many events per status answer; the cursor pages through the rest.</summary>
    public const int MaxEventsPerStatus = 200;

    public const string HostRunner = "host";

    private static readonly TimeSpan SettleWait = TimeSpan.FromSeconds(5);

    public static IReadOnlyList<string> Runners { get; } = ["claude", "codex", "command", HostRunner];

    private readonly ILogger logger = loggerFactory.CreateLogger<BuildRunService>();

    public async Task<Outcome<LiveRun>> StartAsync(ProjectContext project, string sessionId, BuildStartRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(request);
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
        string? chunksProblem = null;
        var chunkPlan = chunksText is null ? null : SessionChunkPlan.Parse(chunksText, out chunksProblem);
        if (chunkPlan is null)
        {
            return Outcome<LiveRun>.Failure(ErrorCode.InvalidPlan,
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

        var runnerName = (request.Runner ?? configured.Value.DefaultRunner).Trim().ToLowerInvariant();
        var record = new RunSetupRecord(sessionId, runnerName, request.Isolation, request.MaxParallel, request.BudgetUsd, chunkPlan.TestsRequired);
        var environment = await CreateEnvironmentAsync(project, state, runId, runDirectory, record, request.HostRunnerFor, cancellationToken).ConfigureAwait(false);
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
        LogRunStarted(runId, sessionId, runnerName);
        return Outcome<LiveRun>.Success(live);
    }

    public async Task<Outcome<LiveRun>> ResumeAsync(ProjectContext project, string runId, Func<string, Agents.IAgentRunner>? hostRunnerFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        if (registry.Find(runId) is { } live && !live.Settled.IsCompleted)
        {
            return Outcome<LiveRun>.Failure(ErrorCode.Conflict, $"Run '{runId}' is running; there is nothing to resume. Watch it with build_status.");
        }

        var located = Locate(project, runId);
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

        var loaded = await new SessionStore(project.SessionsDirectory).LoadAsync(record.SessionId, cancellationToken).ConfigureAwait(false);
        if (!loaded.Succeeded)
        {
            return loaded.Error;
        }

        if (SessionPhaseGuard.CheckWritable(loaded.Value, registry, "resume a build") is { } refused)
        {
            return refused;
        }

        var environment = await CreateEnvironmentAsync(project, loaded.Value, runId, runDirectory, record, hostRunnerFor, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Requests cancellation and waits (bounded) for the run to stop.</summary>
    public async Task<Outcome<string>> CancelAsync(ProjectContext? project, string runId, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        if (registry.Find(runId) is { } live)
        {
            if (live.Settled.IsCompleted)
            {
                return Outcome<string>.Failure(ErrorCode.Conflict, $"Run '{runId}' already finished ({StatusOf(live)}); nothing to cancel. build_result shows its result.");
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

            return Outcome<string>.Success(StatusOf(live));
        }

        if (project is null)
        {
            return Outcome<string>.Failure(ErrorCode.UnknownRun, UnknownRunMessage(runId, null));
        }

        var located = Locate(project, runId);
        if (!located.Succeeded)
        {
            return located.Error;
        }

        var status = FromJournal(RunJournal.ReadSnapshot(located.Value));
        return Outcome<string>.Failure(ErrorCode.Conflict, status == RunStatusView.Interrupted
            ? $"Run '{runId}' is not running in this server (interrupted); nothing to cancel. build_resume continues it."
            : $"Run '{runId}' already finished ({status}); nothing to cancel.");
    }

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
            var status = live.Settled.IsCompleted ? StatusOf(live) : RunStatusView.Running;
            return Outcome<RunStatusView>.Success(View(runId, live.SessionId, status, snapshot, events, sinceEvent));
        }

        if (project is null)
        {
            return Outcome<RunStatusView>.Failure(ErrorCode.UnknownRun, UnknownRunMessage(runId, null));
        }

        var located = Locate(project, runId);
        if (!located.Succeeded)
        {
            return located.Error;
        }

        var journalled = RunJournal.ReadSnapshot(located.Value);
        if (journalled is null)
        {
            return Outcome<RunStatusView>.Failure(ErrorCode.UnknownRun, $"Run '{runId}' has no readable journal yet. If it was just started, ask again; otherwise start a new run with build_start.");
        }

        var fromDisk = RunJournal.ReadEvents(located.Value, sinceEvent);
        return Outcome<RunStatusView>.Success(View(runId, RunSetupRecord.Read(located.Value)?.SessionId, FromJournal(journalled), journalled, fromDisk, sinceEvent));
    }

    /// <summary>The result of a finished run.</summary>
    public Outcome<BuildRunResult> Result(ProjectContext? project, string runId)
    {
        if (registry.Find(runId) is { } live)
        {
            if (!live.Settled.IsCompleted)
            {
                return Outcome<BuildRunResult>.Failure(ErrorCode.Conflict, $"Run '{runId}' is still running. Call build_status (it waits for progress) until its status is completed, failed or cancelled, then build_result.");
            }

            return Outcome<BuildRunResult>.Success(live.Handle.Completion.Result);
        }

        if (project is null)
        {
            return Outcome<BuildRunResult>.Failure(ErrorCode.UnknownRun, UnknownRunMessage(runId, null));
        }

        var located = Locate(project, runId);
        if (!located.Succeeded)
        {
            return located.Error;
        }

        var result = RunJournal.ReadResult(located.Value);
        return result is not null
            ? Outcome<BuildRunResult>.Success(result)
            : Outcome<BuildRunResult>.Failure(ErrorCode.Conflict,
                $"Run '{runId}' has no result: it is {FromJournal(RunJournal.ReadSnapshot(located.Value))}. build_resume continues an interrupted run; build_status shows where it stands.");
    }

    /// <summary>The status of a run of the project (live, else from its journal); "unknown" when there is no journal.</summary>
    public string StatusOf(ProjectContext project, string runId)
    {
        if (registry.Find(runId) is { } live)
        {
            return live.Settled.IsCompleted ? StatusOf(live) : RunStatusView.Running;
        }

        if (!RunIds.IsWellFormed(runId))
        {
            return "unknown";
        }

        var snapshot = RunJournal.ReadSnapshot(RunIds.DirectoryOf(project, runId));
        return snapshot is null ? "unknown" : FromJournal(snapshot);
    }

    private async Task<Outcome<BuildRunEnvironment>> CreateEnvironmentAsync(
        ProjectContext project, SessionState state, string runId, string runDirectory, RunSetupRecord record,
        Func<string, Agents.IAgentRunner>? hostRunnerFor, CancellationToken cancellationToken)
    {
        if (!Runners.Contains(record.Runner))
        {
            return Outcome<BuildRunEnvironment>.Failure(ErrorCode.InvalidArgument, $"runner \"{record.Runner}\" is not known. Use one of: {string.Join(", ", Runners)}.");
        }

        Agents.IAgentRunner? hostRunner = null;
        if (record.Runner == HostRunner)
        {
            if (hostRunnerFor is null)
            {
                return Outcome<BuildRunEnvironment>.Failure(ErrorCode.InvalidArgument,
                    "runner \"host\" needs the host job broker (agent_job_next / agent_job_submit), which this server does not have. Use runner \"claude\", \"codex\" or \"command\".");
            }

            hostRunner = hostRunnerFor(runId);
        }

        var options = await OptionsLoader.LoadAsync(project.OrchestratorDirectory, cancellationToken).ConfigureAwait(false);
        if (!options.Succeeded)
        {
            return options.Error;
        }

        var setup = new BuildRunSetup(state.Session, runId, runDirectory, project.MainWorkTreeRoot, state.WorkTree, record.Runner, record.Isolation,
            record.TestsRequired, options.Value, hostRunner);
        return await factory.CreateAsync(setup, cancellationToken).ConfigureAwait(false);
    }

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
                $"{handle.RunId} {Name(result.Status)}: {result.PerChunk.Count(p => p.Ok)}/{result.PerChunk.Count} chunks ok, {result.Skipped.Count} skipped, " +
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

    private static string StatusOf(LiveRun live) =>
        live.Handle.Completion.IsCompletedSuccessfully ? Name(live.Handle.Completion.Result.Status) : RunStatusView.Failed;

    private static string FromJournal(RunSnapshot? snapshot) =>
        snapshot is null ? "unknown" : snapshot.Status == BuildRunStatus.Running ? RunStatusView.Interrupted : Name(snapshot.Status);

    private static string Name(BuildRunStatus status) => status switch
    {
        BuildRunStatus.Running => RunStatusView.Running,
        BuildRunStatus.Completed => RunStatusView.Completed,
        BuildRunStatus.Failed => RunStatusView.Failed,
        _ => RunStatusView.Cancelled,
    };

    private static RunStatusView View(string runId, string? sessionId, string status, RunSnapshot snapshot, IReadOnlyList<RunEvent> events, long sinceEvent)
    {
        var page = events.Where(e => e.Seq > sinceEvent).Take(MaxEventsPerStatus).ToList();
        var next = page.Count > 0 ? page[^1].Seq : Math.Max(sinceEvent, 0);
        return new RunStatusView(runId, sessionId, status, snapshot.Phase, snapshot.Iteration, snapshot.Chunks, page, next, snapshot.CostUsd, snapshot.StopReason);
    }

    private static Outcome<string> Locate(ProjectContext project, string runId)
    {
        if (!RunIds.IsWellFormed(runId) || !Directory.Exists(RunIds.DirectoryOf(project, runId)))
        {
            return Outcome<string>.Failure(ErrorCode.UnknownRun, UnknownRunMessage(runId, project));
        }

        return Outcome<string>.Success(RunIds.DirectoryOf(project, runId));
    }

    private static string UnknownRunMessage(string runId, ProjectContext? project) =>
        $"No run '{InputEcho.Truncate(runId)}' (run_id){(project is null ? "" : $" in {RunIds.RunsDirectory(project)}")}. Check the id: session_status lists a session's runs (pass project_root if the run belongs to another repository).";

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} of session {SessionId} started with runner {Runner}")]
    private partial void LogRunStarted(string runId, string sessionId, string runner);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} of session {SessionId} resumed")]
    private partial void LogRunResumed(string runId, string sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} ended {Status}: {Concerns} concerns, {Blockers} unresolved blockers")]
    private partial void LogRunSettled(string runId, string status, int concerns, int blockers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} ended but its session could not be updated: {Reason}")]
    private partial void LogSettleFailed(string runId, string reason);
}
