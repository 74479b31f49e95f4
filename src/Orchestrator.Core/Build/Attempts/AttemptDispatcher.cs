using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Journal.Events;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Common;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Build.Attempts;

/// <summary>
/// Runs one agent attempt end to end: budget reservation, durable attempt.started, the runner under a linked
/// timeout/cancellation token, output validation, workspace completion and verification, attempt.finished. Never
/// throws for agent misbehaviour: a crashing, hanging or garbage-answering agent is a failed attempt.
/// </summary>
internal sealed class AttemptDispatcher(BuildRunContext context)
{
    /// <summary>Runs an executor attempt of <paramref name="chunk"/> at <paramref name="tier"/>.</summary>
    public Task<AttemptResult> RunExecutorAsync(PlannedChunk chunk, int iteration, int attempt, ModelTier tier, string prompt, CancellationToken cancellationToken) =>
        RunAsync(AgentRole.Executor, chunk, chunk.Id, iteration, attempt, tier, prompt, AgentOutputSchemas.Executor, cancellationToken);

    /// <summary>Runs a reviewer (per chunk at sonnet, or the opus reviewer with <paramref name="chunkId"/> null).</summary>
    public Task<AttemptResult> RunReviewerAsync(AgentRole role, string? chunkId, int iteration, ModelTier tier, string prompt, CancellationToken cancellationToken) =>
        RunAsync(role, null, chunkId, iteration, 1, tier, prompt, AgentOutputSchemas.Reviewer, cancellationToken);

    private async Task<AttemptResult> RunAsync(
        AgentRole role,
        PlannedChunk? chunk,
        string? chunkId,
        int iteration,
        int attempt,
        ModelTier tier,
        string prompt,
        string schema,
        CancellationToken cancellationToken)
    {
        var key = BuildRunContext.AttemptKey(role, iteration, chunkId, attempt);
        if (context.Replay.TryGetValue(key, out var replayed))
        {
            return replayed;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return new AttemptResult(AttemptOutcome.Cancelled, tier, "cancelled", null, null, [], null, Started: false);
        }

        // Held until this method returns, after attempt.finished has put the attempt's actual cost in the journal.
        using var reservation = context.Reserve(role, tier);
        if (reservation.Refused is { } budgetReason)
        {
            return AttemptResult.NotStarted(tier, budgetReason);
        }

        ChunkWorkspace workspace;
        string? prepareFailure = null;
        var reviewed = role == AgentRole.Reviewer && chunkId is not null && context.Plan.Contains(chunkId) ? context.Plan[chunkId] : null;
        // A review tree is journalled like an executor's workspace (keyed by the review): its time is time executors cannot use.
        var reviewTimeline = reviewed is not null && context.Workspaces.ProvidesReviewTrees ? new WorkspaceTimeline(context, key, reviewed.Id, attempt) : null;
        reviewTimeline?.Preparing();
        var reviewTree = reviewed is null ? null : await PrepareReviewTreeAsync(reviewed, iteration, cancellationToken).ConfigureAwait(false);
        if (reviewTree is null)
        {
            reviewTimeline?.Released(discarded: true);
            reviewTimeline = null;
        }

        reviewTimeline?.Ready(reviewTree!);
        var timeline = chunk is null ? reviewTimeline : new WorkspaceTimeline(context, key, chunk.Id, attempt);
        try
        {
            if (chunk is not null)
            {
                timeline!.Preparing();
            }

            workspace = reviewTree ?? (chunk is null
                ? new ChunkWorkspace(context.WorkingDirectory)
                : await context.Workspaces.PrepareAsync(chunk, attempt, cancellationToken).ConfigureAwait(false));
            if (chunk is not null)
            {
                timeline!.Ready(workspace);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new AttemptResult(AttemptOutcome.Cancelled, tier, "cancelled", null, null, [], null, Started: false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A workspace that cannot be prepared (a git error, a full disk) fails this attempt, not the run.
            workspace = new ChunkWorkspace(context.WorkingDirectory);
            prepareFailure = $"workspace for chunk {chunkId} could not be prepared: {ex.Message}";
        }

        var logPath = LogPath(role, iteration, chunkId, attempt);
        var started = context.Journal.Append(new AttemptStarted
        {
            Key = key,
            ChunkId = chunkId,
            Attempt = attempt,
            Role = role,
            Tier = tier,
            Iteration = iteration,
            LogPath = logPath,
        })!;
        var job = new AgentJob(
            $"{context.RunId}:{key}:{started.Seq}",
            context.RunId,
            role,
            tier,
            prompt,
            workspace.WorkingDirectory,
            schema,
            context.Options.AgentTimeout,
            logPath,
            chunkId,
            attempt)
        {
            ShellAllowed = reviewTree is not null,
        };

        var startedAt = context.TimeProvider.GetTimestamp();
        var (outcome, status, reason) = prepareFailure is null
            ? await new RunnerInvoker(context).InvokeAsync(job, cancellationToken).ConfigureAwait(false)
            : (null, AttemptOutcome.Failed, prepareFailure);
        timeline?.AgentEnded(startedAt);
        var (failureClass, retryAt) = status == AttemptOutcome.Failed && prepareFailure is null
            ? AgentFailureClassifier.Classify(reason, context.TimeProvider.GetUtcNow())
            : (AgentFailureClass.Agent, null);
        if (AgentFailureClassifier.IsInfrastructure(failureClass))
        {
            // Not the agent's failure: no attempt consumed, and nothing more is dispatched until the run is resumed.
            status = AttemptOutcome.InfrastructureFailed;
            context.Pause($"{failureClass.ToSnakeCase()}: {reason}", retryAt);
        }

        AttemptResult result;
        IReadOnlyList<string> scopeViolations = [];
        if (status == AttemptOutcome.Succeeded && role == AgentRole.Executor)
        {
            (result, scopeViolations) = await InterpretExecutorAsync(key, chunk!, workspace, tier, outcome!, cancellationToken).ConfigureAwait(false);
        }
        else if (status == AttemptOutcome.Succeeded)
        {
            var parsed = AgentOutputParser.ParseReviewer(outcome!.StructuredOutput);
            result = parsed.Value is { } review
                ? new AttemptResult(AttemptOutcome.Succeeded, tier, null, null, review.Findings, [], null, Started: true)
                : new AttemptResult(AttemptOutcome.Failed, tier, parsed.Error, null, null, [], null, Started: true);
        }
        else
        {
            result = new AttemptResult(status, tier, reason, null, null, [], null, Started: true);
        }

        if (chunk is not null && prepareFailure is null)
        {
            await ReleaseOrDiscardQuietlyAsync(workspace, chunk, result.Outcome == AttemptOutcome.Succeeded).ConfigureAwait(false);
            timeline?.Released(discarded: result.Outcome != AttemptOutcome.Succeeded);
        }

        if (reviewTree is not null)
        {
            // Whatever the reviewer ran or wrote there goes with the tree.
            await ReleaseOrDiscardQuietlyAsync(reviewTree, reviewed!, succeeded: false).ConfigureAwait(false);
            reviewTimeline?.Released(discarded: true);
        }

        var duration = context.TimeProvider.GetElapsedTime(startedAt);
        context.Journal.Append(new AttemptFinished
        {
            Key = key,
            JobId = job.JobId,
            ChunkId = chunkId,
            Attempt = attempt,
            Role = role,
            Tier = tier,
            Iteration = iteration,
            Outcome = result.Outcome,
            Reason = result.Reason,
            CostUsd = outcome?.CostUsd ?? 0m,
            Tokens = outcome?.Tokens ?? TokenUsage.None,
            DurationMs = (long)duration.TotalMilliseconds,
            LogPath = outcome?.LogPath ?? logPath,
            Executor = result.Executor,
            Findings = result.Findings,
            FilesChanged = result.FilesChanged,
            TestsPassed = result.TestsPassed,
            TestsDetail = result.TestsDetail,
            Discrepancy = result.Discrepancy,
            FailureClass = status is AttemptOutcome.Failed or AttemptOutcome.InfrastructureFailed or AttemptOutcome.Stalled or AttemptOutcome.Spiral ? failureClass : null,
            RetryAt = retryAt,
            ScopeViolations = scopeViolations.Count > 0 ? scopeViolations : null,
            Worker = outcome?.Worker,
            LostWorkers = outcome is { LostWorkers.Count: > 0 } ? outcome.LostWorkers : null,
        });
        return result;
    }

    /// <summary>
    /// The chunk's files the session tree holds uncommitted, when <paramref name="key"/> was started before in this run
    /// and never finished (a re-run after a kill); empty otherwise.
    /// </summary>
    private async Task<IReadOnlyList<string>> AppliedBeforeAsync(string key, PlannedChunk chunk, CancellationToken cancellationToken)
    {
        var starts = RunJournal.ReadEvents(context.RunDirectory).OfType<AttemptStarted>().Count(e => e.Key == key);
        return starts > 1
            ? await context.Workspaces.UncommittedInSessionTreeAsync(chunk.Files, cancellationToken).ConfigureAwait(false)
            : [];
    }

    private async Task<(AttemptResult Result, IReadOnlyList<string> ScopeViolations)> InterpretExecutorAsync(
        string key,
        PlannedChunk chunk,
        ChunkWorkspace workspace,
        ModelTier tier,
        AgentOutcome outcome,
        CancellationToken cancellationToken)
    {
        var parsed = AgentOutputParser.ParseExecutor(outcome.StructuredOutput);
        if (parsed.Value is not { } output)
        {
            return (new AttemptResult(AttemptOutcome.Failed, tier, parsed.Error, null, null, [], null, Started: true), []);
        }

        if (!output.IsDone)
        {
            // What a blocked agent says it changed is only a claim, and its workspace is discarded.
            return (new AttemptResult(AttemptOutcome.Blocked, tier, output.FailureReason, output, null, [], output.TestsPassed, Started: true), []);
        }

        try
        {
            var completion = await context.Workspaces.CompleteAsync(workspace, chunk, output, cancellationToken).ConfigureAwait(false);
            if (completion.ScopeViolations.Count > 0)
            {
                var reason = $"scope violation: edited files outside chunk {chunk.Id}: {string.Join(", ", completion.ScopeViolations)}; only {string.Join(", ", chunk.Files)} may change";
                return (new AttemptResult(AttemptOutcome.Failed, tier, reason, output, null, [], output.TestsPassed, Started: true), completion.ScopeViolations);
            }

            if (completion.ConflictBlocker is { } conflict)
            {
                // A conflict is recorded with the scope violations: in both cases the change was not applied.
                IReadOnlyList<string> conflicted = completion.FilesChanged.Count > 0 ? completion.FilesChanged : chunk.Files;
                return (new AttemptResult(AttemptOutcome.Failed, tier, conflict, output, null, [], output.TestsPassed, Started: true), conflicted);
            }

            var (claimFailure, discrepancy) = ExecutorClaims.Check(chunk, output, completion);
            if (claimFailure is not null && completion.FilesChanged.Count == 0 && await AppliedBeforeAsync(key, chunk, cancellationToken).ConfigureAwait(false) is { Count: > 0 } applied)
            {
                // A worker killed after this attempt's change was applied but before attempt.finished was journalled:
                // the re-run found the change already in the session tree. That is the chunk's work, not a phantom done.
                var note = $"its change to {string.Join(", ", applied)} was already in the session tree: applied by an earlier run of this attempt that was cut off";
                return (new AttemptResult(AttemptOutcome.Succeeded, tier, null, output, null, applied, output.TestsPassed, Started: true) { Discrepancy = note }, []);
            }

            if (claimFailure is not null)
            {
                return (new AttemptResult(AttemptOutcome.Failed, tier, claimFailure, output, null, [], output.TestsPassed, Started: true) { Discrepancy = discrepancy }, []);
            }

            var testsPassed = output.TestsPassed;
            string? testsDetail = null;
            if (context.Input.TestsRequired)
            {
                var verification = await context.Verifier.VerifyAsync(chunk, workspace, output, cancellationToken).ConfigureAwait(false);
                (testsPassed, testsDetail) = (verification.TestsPassed, verification.Detail);
            }

            return (new AttemptResult(AttemptOutcome.Succeeded, tier, null, output, null, completion.FilesChanged, testsPassed, Started: true) { TestsDetail = testsDetail, Discrepancy = discrepancy }, []);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (new AttemptResult(AttemptOutcome.Cancelled, tier, "cancelled", output, null, [], null, Started: true), []);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Checking or applying the change failed (a git error): the attempt failed, the run goes on.
            return (new AttemptResult(AttemptOutcome.Failed, tier, $"applying chunk {chunk.Id}'s change failed: {ex.Message}", output, null, [], output.TestsPassed, Started: true), []);
        }
    }

    private async Task<ChunkWorkspace?> PrepareReviewTreeAsync(PlannedChunk chunk, int iteration, CancellationToken cancellationToken)
    {
        try
        {
            return await context.Workspaces.PrepareReviewAsync(chunk, iteration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // No disposable tree (a git error): the reviewer still reviews, reading the session tree without a shell.
            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private async Task ReleaseOrDiscardQuietlyAsync(ChunkWorkspace workspace, PlannedChunk chunk, bool succeeded)
    {
        // Must happen even when the run is being cancelled, hence no token; a failure to clean up is left to the
        // janitor (stale worktrees are removed on the next start), it does not change the attempt's outcome.
        try
        {
            if (succeeded)
            {
                await context.Workspaces.ReleaseAsync(workspace, chunk, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await context.Workspaces.DiscardAsync(workspace, chunk, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or Git.GitCommandException)
        {
            context.Journal.Append(new WorkspaceCleanupFailed { ChunkId = chunk.Id, Workspace = workspace.WorkingDirectory, Reason = ex.Message });
        }
    }

    private string LogPath(AgentRole role, int iteration, string? chunkId, int attempt)
    {
        var name = role switch
        {
            AgentRole.Executor when iteration == 0 => $"{chunkId}-{attempt}.log",
            AgentRole.Executor => $"{chunkId}-fix{iteration}-{attempt}.log",
            AgentRole.OpusReviewer => $"review-opus-{iteration}.log",
            _ => $"review-{chunkId}-{iteration}.log",
        };
        // Chunk ids are validated (SafeIds) before a run starts; the confinement also refuses a planted logs/ link.
        var logs = Path.Combine(context.RunDirectory, "logs");
        return RealPaths.Confined(logs, Path.Combine(logs, name));
    }

    /// <summary>Rebuilds a finished attempt from its attempt.finished event, for replay on resume.</summary>
    public static AttemptResult FromJournal(AttemptFinished finished) =>
        new(finished.Outcome, finished.Tier, finished.Reason, finished.Executor, finished.Findings, finished.FilesChanged, finished.TestsPassed, Started: true)
        {
            Discrepancy = finished.Discrepancy,
        };
}
