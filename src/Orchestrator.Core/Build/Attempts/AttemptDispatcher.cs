using System.Text.Json;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Common;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Build.Attempts;

/// <summary>
/// Runs one agent attempt end to end: budget check, durable attempt.started, the runner under a linked
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

        if (context.CheckBudget() is { } budgetReason)
        {
            return AttemptResult.NotStarted(tier, budgetReason);
        }

        ChunkWorkspace workspace;
        string? prepareFailure = null;
        try
        {
            workspace = chunk is null
                ? new ChunkWorkspace(context.WorkingDirectory)
                : await context.Workspaces.PrepareAsync(chunk, attempt, cancellationToken).ConfigureAwait(false);
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
        var started = context.Journal.Append(RunEventTypes.AttemptStarted, new
        {
            key,
            chunkId,
            attempt,
            role,
            tier,
            iteration,
            logPath,
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
            attempt);

        var startedAt = context.TimeProvider.GetTimestamp();
        var (outcome, status, reason) = prepareFailure is null
            ? await InvokeRunnerAsync(job, cancellationToken).ConfigureAwait(false)
            : (null, AttemptOutcome.Failed, prepareFailure);

        AttemptResult result;
        IReadOnlyList<string> scopeViolations = [];
        if (status == AttemptOutcome.Succeeded && role == AgentRole.Executor)
        {
            (result, scopeViolations) = await InterpretExecutorAsync(chunk!, workspace, tier, outcome!, cancellationToken).ConfigureAwait(false);
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
        }

        var duration = context.TimeProvider.GetElapsedTime(startedAt);
        context.Journal.Append(RunEventTypes.AttemptFinished, new
        {
            key,
            jobId = job.JobId,
            chunkId,
            attempt,
            role,
            tier,
            iteration,
            outcome = result.Outcome,
            reason = result.Reason,
            costUsd = outcome?.CostUsd ?? 0m,
            tokens = outcome?.Tokens ?? TokenUsage.None,
            durationMs = (long)duration.TotalMilliseconds,
            logPath = outcome?.LogPath ?? logPath,
            executor = result.Executor,
            findings = result.Findings,
            filesChanged = result.FilesChanged,
            testsPassed = result.TestsPassed,
            testsDetail = result.TestsDetail,
            scopeViolations = scopeViolations.Count > 0 ? scopeViolations : null,
        });
        return result;
    }

    private async Task<(AgentOutcome? Outcome, AttemptOutcome Status, string? Reason)> InvokeRunnerAsync(AgentJob job, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(job.Timeout, context.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        Task<AgentOutcome>? running = null;
        try
        {
            running = context.Runner.RunAsync(job, linked.Token);

            // WaitAsync ends the wait even when a runner ignores its token: the engine enforces the timeout itself.
            var outcome = await running.WaitAsync(linked.Token).ConfigureAwait(false);
            return outcome.Status switch
            {
                AgentOutcomeStatus.Completed => (outcome, AttemptOutcome.Succeeded, null),
                AgentOutcomeStatus.TimedOut => (outcome, AttemptOutcome.TimedOut, outcome.FailureReason ?? TimedOutReason(job)),
                AgentOutcomeStatus.Cancelled when cancellationToken.IsCancellationRequested => (outcome, AttemptOutcome.Cancelled, "cancelled"),
                AgentOutcomeStatus.Cancelled when timeout.IsCancellationRequested => (outcome, AttemptOutcome.TimedOut, TimedOutReason(job)),
                _ => (outcome, AttemptOutcome.Failed, outcome.FailureReason ?? AgentOutputParser.NoResult),
            };
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            // Give the runner a bounded moment to stop its process tree before the workspace it runs in is removed.
            await WaitForStopAsync(running, context.Options.AgentStopGrace).ConfigureAwait(false);
            ObserveAbandoned(running);
            return cancellationToken.IsCancellationRequested
                ? (null, AttemptOutcome.Cancelled, "cancelled")
                : (null, AttemptOutcome.TimedOut, TimedOutReason(job));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A runner that throws is treated like an agent that crashed: a failed attempt, not a dead run.
            return (null, AttemptOutcome.Failed, $"runner {context.Runner.Name} failed: {ex.Message}");
        }
    }

    private async Task<(AttemptResult Result, IReadOnlyList<string> ScopeViolations)> InterpretExecutorAsync(
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
            return (new AttemptResult(AttemptOutcome.Blocked, tier, output.FailureReason, output, null, output.FilesChanged ?? [], output.TestsPassed, Started: true), []);
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

            var testsPassed = output.TestsPassed;
            string? testsDetail = null;
            if (context.Input.TestsRequired)
            {
                var verification = await context.Verifier.VerifyAsync(chunk, workspace, output, cancellationToken).ConfigureAwait(false);
                (testsPassed, testsDetail) = (verification.TestsPassed, verification.Detail);
            }

            return (new AttemptResult(AttemptOutcome.Succeeded, tier, null, output, null, completion.FilesChanged, testsPassed, Started: true) { TestsDetail = testsDetail }, []);
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
            context.Journal.Append(RunEventTypes.WorkspaceCleanupFailed, new { chunkId = chunk.Id, workspace = workspace.WorkingDirectory, reason = ex.Message });
        }
    }

    private static string TimedOutReason(AgentJob job) => $"agent timed out after {job.Timeout}";

    private static async Task WaitForStopAsync(Task? running, TimeSpan grace)
    {
        if (running is null || grace <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await running.WaitAsync(grace).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // Still running after the grace: abandoned (observed below).
        }
        catch (Exception)
        {
            // The runner failed while stopping; ObserveAbandoned has nothing left to do but the attempt is over anyway.
        }
    }

    private static void ObserveAbandoned(Task? running)
    {
        // A runner that ignored its token keeps running in the background; make sure its eventual fault is observed.
        running?.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
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
        return Path.Combine(context.RunDirectory, "logs", name);
    }

    /// <summary>Rebuilds a finished attempt from its attempt.finished event, for replay on resume.</summary>
    public static AttemptResult FromJournal(JsonElement data)
    {
        var outcome = Enum.TryParse<AttemptOutcome>(RunSnapshotBuilder.String(data, "outcome"), ignoreCase: true, out var o) ? o : AttemptOutcome.Failed;
        var executor = data.TryGetProperty("executor", out var e) && e.ValueKind == JsonValueKind.Object
            ? e.Deserialize(BuildJson.TypeInfo<ExecutorOutput>())
            : null;
        var findings = data.TryGetProperty("findings", out var f) && f.ValueKind == JsonValueKind.Array
            ? f.Deserialize(BuildJson.TypeInfo<List<ReviewFinding>>())
            : null;
        return new AttemptResult(
            outcome,
            RunSnapshotBuilder.Tier(data, "tier") ?? ModelTier.Sonnet,
            RunSnapshotBuilder.String(data, "reason"),
            executor,
            findings,
            RunSnapshotBuilder.Strings(data, "filesChanged"),
            RunSnapshotBuilder.Bool(data, "testsPassed"),
            Started: true);
    }
}
