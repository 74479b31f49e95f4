using System.ComponentModel;
using System.Text;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Verification;
using Orchestrator.Core.Jobs;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Planning.Costs;
using Orchestrator.McpServer.Tools.Results;

namespace Orchestrator.McpServer.Tools;

/// <summary>
/// The build tools: start returns a run id at once, status long-polls (bounded well under Codex's 60 s tool limit)
/// with progress notifications, result, cancel and resume.
/// </summary>
[McpServerToolType]
internal sealed class BuildTools(BuildRunLauncher launcher, BuildRunReader reader, BuildRunRegistry registry, PhaseJobRegistry jobs, SessionProjectResolver projects,
    ClusterBoard cluster, RunHandoffReader handoffs, DetachedJobControl detachedJobs)
{
    public const int MaxWaitSeconds = 45;

    [McpServerTool(Name = "build_start", Title = "Start the build", UseStructuredContent = true,
        OutputSchemaType = typeof(RunStateToolResult), Destructive = false, Idempotent = false, OpenWorld = true)]
    [Description("After the build gate is approved: starts the build (parallel agents, review) in the background; returns a run_id at once. Then build_status.")]
    public async Task<CallToolResult> BuildStart(
        McpServerInstance server,
        string session_id,
        [Description("claude (default) | codex | command | host (you run agents via agent_job_next)")] string? runner = null,
        [Description("Agents at once (4).")] int? max_parallel = null,
        [Description("Stop dispatching at this spend.")] decimal? budget_usd = null,
        [Description("worktree (default) | shared")] string? isolation = null,
        string? project_root = null,
        CancellationToken cancellationToken = default)
    {
        var sessionId = SessionProjectResolver.RequireSessionId(session_id);
        RunnerKind? kind = string.IsNullOrWhiteSpace(runner) ? null
            : RunnerKinds.TryParse(runner) ?? throw new ToolRefusedException($"runner \"{runner}\" is not known. Use one of: {string.Join(", ", RunnerKinds.Names)}.");

        var mode = (isolation ?? "").Trim().ToLowerInvariant() switch
        {
            "" or "worktree" => BuildIsolation.Worktree,
            "shared" => BuildIsolation.Shared,
            _ => throw new ToolRefusedException($"isolation \"{isolation}\" is not supported. Use \"worktree\" (default) or \"shared\"."),
        };
        var project = await projects.ResolveAsync(project_root, server, cancellationToken).ConfigureAwait(false);
        if (jobs.RunningFor(project, sessionId) is { } job)
        {
            throw new ToolRefusedException($"Cannot start a build: the {job.Phase} job of session '{sessionId}' is still running. " +
                $"Call {job.Phase} with just session_id until it returns its result, then build_start.");
        }

        var request = new BuildStartRequest(kind, max_parallel, budget_usd, mode);
        var run = ToolResults.Unwrap(await launcher.StartAsync(project, sessionId, request, cancellationToken).ConfigureAwait(false));
        var started = RunSetupRecord.Read(run.RunDirectory)?.Runner ?? kind;
        var warnings = await TierEscalationCheck.WarningsAsync(project.OrchestratorDirectory, started, cancellationToken).ConfigureAwait(false);
        var result = new RunStateToolResult(run.RunId, RunStatusRule.Name(RunStatus.Running)) { Warnings = warnings.Count > 0 ? warnings : null };
        var estimate = await PlanCostEstimates.ReadAsync(project, sessionId, cancellationToken).ConfigureAwait(false);
        return ToolResults.Structured(result,
            $"Run {result.RunId} started ({(started is { } k ? RunnerKinds.Name(k) : "")}, {mode.ToString().ToLowerInvariant()} isolation, {Executor(run)}). " +
            $"{(estimate is null ? "" : $"Estimated {estimate.Range}{(budget_usd is { } b ? FormattableString.Invariant($"; budget ${b:0.00}") : "")}. ")}" +
            $"Call build_status with run_id and wait_seconds to follow it.{SessionTools.Warned(warnings)}");
    }

    [McpServerTool(Name = "build_status", Title = "Follow a build", UseStructuredContent = true,
        OutputSchemaType = typeof(BuildStatusToolResult), ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("After build_start: status, chunks, events after since_event; waits up to wait_seconds. " +
        "Repeat with since_event = next_event while running.")]
    public async Task<CallToolResult> BuildStatus(
        McpServerInstance server,
        RequestContext<CallToolRequestParams> call,
        string run_id,
        [Description("0-45 (default 0).")] int? wait_seconds = null,
        [Description("next_event of the last call.")] long? since_event = null,
        string? project_root = null,
        CancellationToken cancellationToken = default)
    {
        await using var progress = OrderedProgress.For(server, call);
        var runId = RequireRunId(run_id);
        var wait = TimeSpan.FromSeconds(Math.Clamp(wait_seconds ?? 0, 0, MaxWaitSeconds));
        var project = await ProjectForAsync(runId, project_root, server, cancellationToken).ConfigureAwait(false);
        void Report(RunSnapshot snapshot) =>
            progress.Report(new ProgressNotificationValue { Progress = RunEventText.Done(snapshot), Total = snapshot.Chunks.Count, Message = RunEventText.Progress(snapshot) });

        var view = ToolResults.Unwrap(await reader.StatusAsync(project, runId, Math.Max(since_event ?? 0, 0), wait, Report, cancellationToken).ConfigureAwait(false));
        var chunks = view.Chunks.Select(c => new RunChunkToolResult(c.Id, c.State.ToString().ToLowerInvariant(), c.Attempts,
            c.Model?.ToString().ToLowerInvariant(), c.State is ChunkRunState.Succeeded ? c.Summary : c.Blocker ?? c.SkipReason ?? c.Summary)).ToList();
        var done = chunks.Count(c => c.State is "succeeded" or "failed" or "skipped");
        progress.Report(new ProgressNotificationValue { Progress = done, Total = chunks.Count, Message = $"{view.Phase}: {done}/{chunks.Count} chunks done" });
        var status = RunStatusRule.Name(view.Status);
        var result = new BuildStatusToolResult(view.RunId, status, view.Phase, view.Iteration, chunks,
            view.Events.Select(RunEventText.From).ToList(), view.NextEvent, view.CostUsd, view.StopReason)
        {
            // A detached run's coordinator is its worker process, which writes its board to the run's folder.
            Cluster = ClusterToolResult.From(cluster, view.RunId) ?? (project is null ? null : ClusterToolResult.From(ClusterBoardFile.Read(RunIds.DirectoryOf(project, view.RunId)))),
        };
        var next = view.Status switch
        {
            RunStatus.Running => "Call build_status again with since_event = next_event.",
            RunStatus.Interrupted => "The process that ran it stopped: build_resume continues it.",
            RunStatus.Paused => $"Paused ({view.StopReason}): build_resume continues it where it stopped.",
            _ => "Call build_result for the outcome.",
        };
        var waiting = result.Cluster is { WaitingForCapacity: > 0 } c ? $" {c.WaitingForCapacity} attempt(s) wait for a free cluster worker." : "";
        // A run that ended leads with what failed; while it runs, the count of chunks that ended is the progress.
        var lead = RunStatusRule.IsFinished(view.Status) || view.Status == RunStatus.Paused
            ? ChunkVerdictRule.Summary(view.Verdicts)
            : $"{done}/{chunks.Count} chunks ended";
        if (view.StopReason is { } stop && stop.StartsWith("budget exhausted", StringComparison.Ordinal))
        {
            lead = $"stopped by the budget ({stop}); {lead}";
        }

        return ToolResults.Structured(result, $"Run {view.RunId}: {status}, {view.Phase}; {lead}; ${view.CostUsd:0.00} spent.{waiting} {next}");
    }

    /// <summary>" (estimated $a-$b, expected $c)", or nothing when the run had no estimate.</summary>
    private static string Estimated(BuildRunResult result) =>
        result.CostEstimate is { } e ? $" (estimated {e.Range})" : "";

    [McpServerTool(Name = "build_result", Title = "Result of a build", UseStructuredContent = true,
        OutputSchemaType = typeof(BuildResultToolResult), ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("When build_status ends: per-chunk outcome, files, findings, cost, hand-off. Show failures and blockers in full; " +
        "ask the user at gate failures/concerns.")]
    public async Task<CallToolResult> BuildResult(
        McpServerInstance server,
        string run_id,
        string? project_root = null,
        CancellationToken cancellationToken = default)
    {
        var runId = RequireRunId(run_id);
        var project = await ProjectForAsync(runId, project_root, server, cancellationToken).ConfigureAwait(false);
        var finished = ToolResults.Unwrap(reader.Result(project, runId));
        var status = RunStatusRule.Name(project is null ? RunStatusRule.Of(finished.Status, executing: false) : reader.StatusOf(project, runId));
        var handoff = await handoffs.ReadAsync(project, finished, cancellationToken).ConfigureAwait(false);
        var result = BuildResultToolResult.From(finished, status) with { Handoff = handoff.ToMarkdown() };
        var lead = finished.Summary ?? $"{result.PerChunk.Count(p => p.Ok)}/{result.PerChunk.Count} chunk(s) ok, {result.Skipped.Count} skipped";
        var text = new StringBuilder($"Run {runId} {status}: {lead}; " +
            $"{result.UnresolvedBlockers.Count} unresolved blocker(s), {result.Concerns.Count} concern(s), {result.Nits.Count} nit(s), ${result.CostUsd:0.00} spent{Estimated(finished)}" +
            (finished.StopReason is { } stop ? $" ({stop})." : "."));
        if (result.UnresolvedBlockers.Count > 0)
        {
            text.Append("\nUnresolved blockers (not retried; the user decides):");
            foreach (var blocker in result.UnresolvedBlockers)
            {
                text.Append("\n- ").Append(blocker);
            }
        }

        if (finished.Status is BuildRunStatus.CompletedWithFailures or BuildRunStatus.Failed && finished.Verdicts.Any(v => !v.IsDone))
        {
            text.Append("\nThe failures gate is open: show the user what failed, then approve(gate: \"failures\", decision: \"retry\", \"retry_up\", \"address\", \"defer\" or \"abandon\"). Nothing is retried without that decision.");
        }
        else if (finished.Status == BuildRunStatus.Paused)
        {
            text.Append("\nPaused, not failed: no attempt was consumed. build_resume(run_id) continues where it stopped").Append(finished.RetryAt is { } at ? $" (after {at:u})." : ".");
        }

        if (result.UnresolvedBlockers.Count + result.Concerns.Count > 0)
        {
            text.Append("\nThe concerns gate is open: ask the user, then approve(gate: \"concerns\", decision: \"address\" or \"defer\").");
        }

        text.Append("\nHand-off:\n").Append(result.Handoff);
        return ToolResults.Structured(result, text.ToString());
    }

    [McpServerTool(Name = "build_cancel", Title = "Cancel a build", UseStructuredContent = true,
        OutputSchemaType = typeof(RunStateToolResult), Destructive = true, Idempotent = true, OpenWorld = false)]
    [Description("Stops a running build (finished chunks are kept; build_resume continues it), or a spec/plan/divide/close job: " +
        "pass its job_id (session_status shows it) as run_id.")]
    public async Task<CallToolResult> BuildCancel(
        McpServerInstance server,
        string run_id,
        string? project_root = null,
        CancellationToken cancellationToken = default)
    {
        var runId = RequireRunId(run_id);
        if (JobFiles.IsWellFormed(runId))
        {
            // A phase job's id (spec-..., plan-...: never a run id's shape): its worker is asked to stop, whoever started it.
            var jobProject = await projects.ResolveAsync(project_root, server, cancellationToken).ConfigureAwait(false);
            var stopped = RunStatusRule.Name(ToolResults.Unwrap(await detachedJobs.CancelAsync(jobProject, runId, TimeSpan.FromSeconds(20), cancellationToken).ConfigureAwait(false)));
            return ToolResults.Structured(new RunStateToolResult(runId, stopped), $"Job {runId}: {stopped}. The next call of its phase (spec, plan, divide or close with session_id) reports how it ended; the one after runs it again.");
        }

        var project = await ProjectForAsync(runId, project_root, server, cancellationToken).ConfigureAwait(false);
        var status = RunStatusRule.Name(ToolResults.Unwrap(await launcher.CancelAsync(project, runId, TimeSpan.FromSeconds(20), cancellationToken).ConfigureAwait(false)));
        return ToolResults.Structured(new RunStateToolResult(runId, status), $"Run {runId}: {status}. build_resume continues it.");
    }

    [McpServerTool(Name = "build_resume", Title = "Resume a build", UseStructuredContent = true,
        OutputSchemaType = typeof(RunStateToolResult), Destructive = false, Idempotent = false, OpenWorld = true)]
    [Description("Continues a cancelled or interrupted run (e.g. after a restart); finished chunks are not re-run.")]
    public async Task<CallToolResult> BuildResume(
        McpServerInstance server,
        string run_id,
        string? project_root = null,
        CancellationToken cancellationToken = default)
    {
        var runId = RequireRunId(run_id);
        var project = registry.ProjectOf(runId) ?? await projects.ResolveAsync(project_root, server, cancellationToken).ConfigureAwait(false);
        var run = ToolResults.Unwrap(await launcher.ResumeAsync(project, runId, cancellationToken).ConfigureAwait(false));
        return ToolResults.Structured(new RunStateToolResult(run.RunId, RunStatusRule.Name(RunStatus.Running)), $"Run {runId} resumed ({Executor(run)}). Follow it with build_status.");
    }

    private async Task<Orchestrator.Core.Sessions.ProjectContext?> ProjectForAsync(string runId, string? projectRoot, McpServerInstance server, CancellationToken cancellationToken) =>
        registry.ProjectOf(runId) ?? await projects.TryResolveAsync(projectRoot, server, cancellationToken).ConfigureAwait(false);

    private static string Executor(StartedRun run) => run.Detached
        ? "in its own worker process: it goes on if this client or server exits"
        : "in this server: the host runner needs this client, so the run stops if the server exits";

    private static string RequireRunId(string? runId) =>
        string.IsNullOrWhiteSpace(runId)
            ? throw new ToolRefusedException("run_id is empty. Pass the run_id build_start returned (session_status lists a session's runs).")
            : runId.Trim();
}
