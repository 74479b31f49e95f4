using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Journal.Events;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Scheduling;
using Orchestrator.Core.Build.Verification;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Common;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Build;

/// <summary>
/// The build loop: executes a validated chunk plan as a DAG with escalation, then reviews and auto-fixes blockers,
/// journalling every state change so a run can be observed live, rebuilt from disk and resumed after a crash.
/// Expected failures (bad plan, failing agents, budget, cancellation) end in a <see cref="BuildRunResult"/>, never
/// an exception.
/// </summary>
public sealed class BuildLoop
{
    private readonly IAgentRunner _runner;
    private readonly TimeProvider _timeProvider;
    private readonly IChunkWorkspaceProvider? _workspaces;
    private readonly IChunkVerifier _verifier;
    private readonly ILogger _logger;

    /// <summary>
    /// Creates a loop. <paramref name="workspaces"/> null = everyone works in the session tree
    /// (<see cref="SharedTreeWorkspaceProvider"/>); <paramref name="verifier"/> null = the agent's test claim.
    /// </summary>
    public BuildLoop(IAgentRunner runner, TimeProvider timeProvider, IChunkWorkspaceProvider? workspaces = null, IChunkVerifier? verifier = null, ILogger<BuildLoop>? logger = null)
    {
        _runner = runner;
        _timeProvider = timeProvider;
        _workspaces = workspaces;
        _verifier = verifier ?? new AgentClaimedChunkVerifier();
        _logger = logger ?? NullLogger<BuildLoop>.Instance;
    }

    /// <summary>Starts a new run in the background; see <see cref="RunAsync"/>.</summary>
    public BuildRunHandle Start(BuildRunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var events = new RunEventBroadcaster(_timeProvider);
        return new BuildRunHandle(request.RunId, request.RunDirectory, events, new CancellationTokenSource(), token => RunAsync(request, events, token));
    }

    /// <summary>Resumes a journalled run in the background; see <see cref="ResumeAsync"/>.</summary>
    public BuildRunHandle StartResume(string runDirectory, BuildOptions? options)
    {
        var events = new RunEventBroadcaster(_timeProvider);
        var runId = RunJournal.ReadSnapshot(runDirectory)?.RunId ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(runDirectory));
        return new BuildRunHandle(runId, runDirectory, events, new CancellationTokenSource(), token => ResumeAsync(runDirectory, options, events, token));
    }

    /// <summary>
    /// Starts a new run in <see cref="BuildRunRequest.RunDirectory"/> and runs it to its end. Cancelling
    /// <paramref name="cancellationToken"/> stops every running agent and ends the run as cancelled (resumable).
    /// </summary>
    public async Task<BuildRunResult> RunAsync(BuildRunRequest request, RunEventBroadcaster? events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (RunJournal.ReadEvents(request.RunDirectory).Count > 0)
        {
            var reason = $"run directory {request.RunDirectory} already holds a journal: resume it with ResumeAsync, or start in a new directory";
            BuildLoopLog.RunRejected(_logger, request.RunId, reason);
            return new BuildRunResult { RunId = request.RunId, Status = BuildRunStatus.Failed, StopReason = reason };
        }

        // The validated chunks (tiers and dependencies resolved) ride along with the raw input so a reader of the
        // journal alone sees exactly what the run executes.
        var validation = ChunkPlanValidator.ValidateWaves(request.Input.Waves, request.WorkingDirectory);
        using var journal = RunJournalWriter.Open(request.RunDirectory, _timeProvider, events, out _);
        journal.Append(
            new RunStarted
            {
                RunId = request.RunId,
                WorkingDirectory = request.WorkingDirectory,
                Input = request.Input,
                Chunks = validation.Plan?.Chunks,
                Options = request.Options,
            },
            RunEventTypes.RunStarted);
        return await RunFromJournalAsync(request.RunId, request.RunDirectory, request.WorkingDirectory, request.Input, request.Options, journal, new Dictionary<string, AttemptResult>(), "starting", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Resumes the run journalled in <paramref name="runDirectory"/> (after a crash or a cancellation): finished
    /// attempts are replayed from the journal, only unfinished ones are dispatched again; a finished chunk never
    /// runs again. <paramref name="options"/> replaces the journalled options (e.g. a larger budget) when given.
    /// </summary>
    public async Task<BuildRunResult> ResumeAsync(string runDirectory, BuildOptions? options, RunEventBroadcaster? events, CancellationToken cancellationToken)
    {
        var existing = RunJournal.ReadEvents(runDirectory);
        if (existing.Count == 0 || existing[0] is not RunStarted first)
        {
            return new BuildRunResult
            {
                RunId = Path.GetFileName(Path.TrimEndingDirectorySeparator(runDirectory)),
                Status = BuildRunStatus.Failed,
                StopReason = $"no resumable run in {runDirectory}: events.jsonl is missing or does not start with run.started",
            };
        }

        if (first.Input is not { } input)
        {
            var reason = $"cannot resume {runDirectory}: the run.started event does not hold a readable input";
            BuildLoopLog.RunRejected(_logger, first.RunId, reason);
            return new BuildRunResult { RunId = first.RunId, Status = BuildRunStatus.Failed, StopReason = reason };
        }

        // An earlier resume may have replaced the options (e.g. raised the budget): the latest replacement holds.
        var journalledOptions = existing.OfType<RunResumed>().LastOrDefault(r => r.Options is not null)?.Options ?? first.Options;

        using var journal = RunJournalWriter.Open(runDirectory, _timeProvider, events, out var events0);
        var replay = new Dictionary<string, AttemptResult>(StringComparer.Ordinal);
        foreach (var finished in events0.OfType<AttemptFinished>())
        {
            // A cancelled attempt did not finish its work, and an infrastructure failure was not the agent's attempt:
            // both are dispatched again.
            if (finished.Outcome is not (AttemptOutcome.Cancelled or AttemptOutcome.InfrastructureFailed))
            {
                replay[finished.Key] = AttemptDispatcher.FromJournal(finished);
            }
        }

        journal.Append(new RunResumed { ReplayedAttempts = replay.Count, Options = options });
        return await RunFromJournalAsync(first.RunId, runDirectory, first.WorkingDirectory, input, options ?? journalledOptions ?? new BuildOptions(), journal, replay, "resuming", cancellationToken).ConfigureAwait(false);
    }

    private async Task<BuildRunResult> RunFromJournalAsync(
        string runId,
        string runDirectory,
        string workingDirectory,
        BuildRunInput input,
        BuildOptions options,
        RunJournalWriter journal,
        IReadOnlyDictionary<string, AttemptResult> replay,
        string verb,
        CancellationToken cancellationToken)
    {
        var validation = ChunkPlanValidator.ValidateWaves(input.Waves, workingDirectory);
        if (!validation.IsValid)
        {
            var reason = "invalid plan: " + string.Join("; ", validation.Problems.Select(p => p.Message));
            BuildLoopLog.RunRejected(_logger, runId, reason);
            return Finish(journal, runDirectory, new BuildRunResult { RunId = runId, Status = BuildRunStatus.Failed, StopReason = reason });
        }

        Directory.CreateDirectory(Path.Combine(runDirectory, "logs"));
        var context = new BuildRunContext(
            runId,
            runDirectory,
            workingDirectory,
            input,
            options,
            validation.Plan!,
            journal,
            replay,
            _runner,
            _workspaces ?? new SharedTreeWorkspaceProvider(workingDirectory),
            _verifier,
            _timeProvider);
        BuildLoopLog.RunStarting(_logger, runId, verb, context.Plan.Chunks.Count, options.EffectiveMaxParallel?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unbounded", options.Mode);

        var dispatcher = new AttemptDispatcher(context);
        var ladder = new EscalationLadder(context, dispatcher);
        Task<LadderResult> RunChunk(PlannedChunk chunk, int iteration, string? seed, CancellationToken token) =>
            RunChunkAsync(context, ladder, chunk, iteration, seed, token);

        journal.Append(new PhaseChanged { Phase = "execute", Iteration = 0 }, "phase:execute:0");
        var skipped = new List<SkippedChunk>();
        var scheduler = new DagScheduler(options.EffectiveMaxParallel, options.Mode);
        await scheduler.RunAsync(
            context.Plan,
            async (chunk, token) => ToOutcome(await RunChunk(chunk, 0, null, token).ConfigureAwait(false)),
            // A chunk whose first attempt already ran (replayed on resume) is not stopped by a budget it helped spend.
            chunk => context.PauseReason ?? (replay.ContainsKey(BuildRunContext.AttemptKey(AgentRole.Executor, 0, chunk.Id, 1)) ? null : context.CheckBudget()),
            (chunk, outcome) =>
            {
                if (context.PauseReason is not null)
                {
                    // Paused, not skipped: the chunk runs when the run is resumed.
                    return;
                }

                lock (skipped)
                {
                    skipped.Add(new SkippedChunk(chunk.Id, outcome.Reason!));
                }

                journal.Append(new ChunkSkipped { ChunkId = chunk.Id, Reason = outcome.Reason }, $"chunk.skipped:{chunk.Id}:{outcome.Reason}");
            },
            cancellationToken).ConfigureAwait(false);

        var iterations = 0;
        IReadOnlyList<ReviewFinding> findings = [];
        IReadOnlyList<ReviewFinding> unassigned = [];
        IReadOnlyList<string> reviewed = [];
        List<PlannedChunk> executed;
        List<PlannedChunk> failed;
        lock (context.Executions)
        {
            executed = context.Plan.Chunks.Where(c => context.Executions.TryGetValue(c.Id, out var e) && e.Ok).ToList();
            // A chunk that failed all its attempts is reviewed too (a budget stop is not a failure of the agent).
            failed = context.Plan.Chunks.Where(c => context.Executions.TryGetValue(c.Id, out var e) && e is { Ok: false, BudgetStop: false, State: ChunkRunState.Failed }).ToList();
        }

        if (!cancellationToken.IsCancellationRequested && executed.Count + failed.Count > 0 && context.PauseReason is null)
        {
            var review = new ReviewLoop(context, dispatcher, RunChunk);
            (iterations, findings, unassigned, reviewed) = await review.RunAsync(executed, failed, cancellationToken).ConfigureAwait(false);
        }

        if (context.PauseReason is { } paused && !cancellationToken.IsCancellationRequested)
        {
            return Finish(journal, runDirectory, BuildRunResultAssembler.Paused(context, paused));
        }

        bool? finalTests = null;
        if (input.TestsRequired && !cancellationToken.IsCancellationRequested && executed.Count > 0)
        {
            finalTests = await VerifyRunQuietlyAsync(context, cancellationToken).ConfigureAwait(false);
        }

        return Finish(journal, runDirectory, BuildRunResultAssembler.Assemble(context, skipped, iterations, findings, unassigned, reviewed, cancellationToken.IsCancellationRequested) with { TestsPassed = finalTests });
    }

    private async Task<bool?> VerifyRunQuietlyAsync(BuildRunContext context, CancellationToken cancellationToken)
    {
        ChunkVerification? verification;
        try
        {
            verification = await _verifier.VerifyRunAsync(context.WorkingDirectory, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        if (verification is not null)
        {
            context.Journal.Append(new TestsFinished { Passed = verification.TestsPassed, Detail = verification.Detail });
        }

        return verification?.TestsPassed;
    }

    private async Task<LadderResult> RunChunkAsync(BuildRunContext context, EscalationLadder ladder, PlannedChunk chunk, int iteration, string? seed, CancellationToken cancellationToken)
    {
        var result = await ladder.RunAsync(chunk, iteration, seed, cancellationToken).ConfigureAwait(false);
        var journal = context.Journal;
        if (result.State == ChunkRunState.Cancelled)
        {
            journal.Append(new ChunkCancelled { ChunkId = chunk.Id, Iteration = iteration });
            return result;
        }

        if (result.BudgetStop && result.Attempts == 0)
        {
            // Nothing ran: the chunk was never started, so it is skipped rather than failed.
            return result;
        }

        lock (context.Executions)
        {
            context.Executions[chunk.Id] = result;
        }

        var summary = result.LastOutput?.Summary;
        if (result.Ok)
        {
            journal.Append(
                new ChunkSucceeded { ChunkId = chunk.Id, Iteration = iteration, Attempts = result.Attempts, Model = result.Tier, Summary = summary, TestsPassed = result.TestsPassed, FilesChanged = result.FilesChanged },
                $"chunk.succeeded:{iteration}:{chunk.Id}:{result.Attempts}");
        }
        else
        {
            BuildLoopLog.ChunkFailed(_logger, context.RunId, chunk.Id, result.Attempts, result.Blocker);
            journal.Append(
                new ChunkFailed { ChunkId = chunk.Id, Iteration = iteration, Attempts = result.Attempts, Model = result.Tier, Summary = summary, Blocker = result.Blocker, TestsPassed = result.TestsPassed, FilesChanged = result.FilesChanged },
                $"chunk.failed:{iteration}:{chunk.Id}:{result.Attempts}");
        }

        return result;
    }

    private static ChunkRunOutcome ToOutcome(LadderResult result) => result switch
    {
        { State: ChunkRunState.Succeeded } => ChunkRunOutcome.Succeeded,
        { State: ChunkRunState.Cancelled } => ChunkRunOutcome.Cancelled,
        { BudgetStop: true, Attempts: 0 } => new ChunkRunOutcome(ChunkRunState.Skipped, result.Blocker, BudgetStop: true),
        _ => new ChunkRunOutcome(ChunkRunState.Failed, result.Blocker, result.BudgetStop),
    };

    private BuildRunResult Finish(RunJournalWriter journal, string runDirectory, BuildRunResult result)
    {
        var startedAt = journal.Snapshot.StartedAt ?? _timeProvider.GetUtcNow();
        result = result with
        {
            DurationMs = (long)(_timeProvider.GetUtcNow() - startedAt).TotalMilliseconds,
            CostUsd = journal.Snapshot.CostUsd,
            Attempts = journal.Snapshot.Attempts,
            ScopeViolations = journal.Snapshot.ScopeViolations,
        };
        AtomicFile.WriteAllText(Path.Combine(runDirectory, RunJournal.ResultFileName), JsonSerializer.Serialize(result, BuildJson.TypeInfo<BuildRunResult>(BuildJson.Indented)));
        journal.Append(new RunFinished { Status = result.Status, StopReason = result.StopReason, CostUsd = result.CostUsd, DurationMs = result.DurationMs });
        BuildLoopLog.RunFinished(_logger, result.RunId, result.Status, result.StopReason, result.CostUsd, result.DurationMs);
        return result;
    }
}
