using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Orchestrator.Core.Common;
using Orchestrator.Core.Jobs;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Planning.PhaseAgents;
using Orchestrator.Core.Sessions;
using Orchestrator.McpServer.Tools.Arguments;
using Orchestrator.McpServer.Tools.Results;

namespace Orchestrator.McpServer.Tools;

/// <summary>
/// <c>spec</c>, <c>plan</c> and <c>divide</c>: thin shells over the planning services. Host-supplied work is done in the
/// call; agent work runs as a server-owned <see cref="PhaseJob"/> the call waits for at most <c>wait_seconds</c>
/// (under Codex's 60 s tool limit), answering <c>status: "running"</c> until a later call collects the result.
/// </summary>
[McpServerToolType]
internal sealed class PhaseTools(SpecService specs, PlanService plans, DivideService divider, PhaseJobRegistry jobs, DetachedJobControl detached, SessionProjectResolver projects)
{
    public const int DefaultWaitSeconds = 40;
    public const int MaxWaitSeconds = 45;
    internal const string WaitDescription = "Seconds to wait (default 40, max 45).";
    internal const string RunningHint = " On status running, call again.";
    internal const string RerunDescription = "Run again.";

    [McpServerTool(Name = "spec", Title = "Research the feature", UseStructuredContent = true,
        OutputSchemaType = typeof(SpecToolResult), Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description("After session_start: 2-4 read-only research agents write spec.md, or pass your own findings. " +
        "Then plan." + RunningHint)]
    public async Task<CallToolResult> Spec(
        McpServerInstance server,
        RequestContext<CallToolRequestParams> call,
        string session_id,
        [Description("Up to 4 angles {name, focus, model?} instead of the automatic choice.")] AngleArgument[]? angles = null,
        [Description("Your own research (Markdown); no agents run.")] string? findings = null,
        [Description(RerunDescription)] bool? rerun = null,
        [Description(WaitDescription)] int? wait_seconds = null,
        string? project_root = null,
        CancellationToken cancellationToken = default)
    {
        await using var progress = OrderedProgress.For(server, call);
        var sessionId = SessionProjectResolver.RequireSessionId(session_id);
        var chosen = angles?.Select(ToAngle).ToList();
        var project = await projects.ResolveAsync(project_root, server, cancellationToken).ConfigureAwait(false);
        SpecResult? spec;
        JobProgress? running = null;
        if (!string.IsNullOrWhiteSpace(findings))
        {
            RequireNoJob(project, sessionId, "spec");
            spec = ToolResults.Unwrap(await specs.RunAsync(project, sessionId, chosen, findings, null, cancellationToken).ConfigureAwait(false));
        }
        else if (await CollectAsync(project, sessionId, "spec", rerun, StoredPhaseResults.SpecAsync, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            return ToolResults.Structured(new SpecToolResult(sessionId, stored.RoughSpec,
                stored.Angles.Select(a => new SpecAngleToolResult(a.Name, a.Model, a.Ok, a.Summary)).ToList(), stored.CorrectnessCritical, 0m, PhaseJobStatus.Done),
                "The spec is already written (spec.md); here it is, and no agent ran. Next: plan. (rerun: true researches again, at a cost.)");
        }
        else
        {
            var arguments = chosen is { Count: > 0 } ? JsonSerializer.Serialize(chosen.Select(a => new[] { a.Name, a.Focus, a.Tier.ToName() }).ToArray(), ToolJson.TypeInfo<string[][]>()) : null;
            (spec, running) = await WaitForJobAsync(jobs, ToolResults.Unwrap(detached.Claim(jobs, project, new JobRecord("", sessionId, JobKind.Spec, arguments) { Angles = chosen },
                (p, ct) => specs.RunAsync(project, sessionId, chosen, null, p, ct),
                JobProgressNotifications.Numbered(progress))), wait_seconds, cancellationToken).ConfigureAwait(false);
        }

        if (spec is null)
        {
            return Running(new SpecToolResult(sessionId, "", [], false, 0m, PhaseJobStatus.Running), "spec", running, detached.Detaches);
        }

        var result = new SpecToolResult(sessionId, spec.RoughSpec,
            spec.Angles.Select(a => new SpecAngleToolResult(a.Name, a.Model, a.Ok, a.Summary)).ToList(), spec.CorrectnessCritical, spec.CostUsd, PhaseJobStatus.Done);
        var failed = spec.Angles.Count(a => !a.Ok);
        return ToolResults.Structured(result,
            $"Rough spec written (spec.md) from {spec.Angles.Count - failed}/{spec.Angles.Count} angle(s){(spec.CorrectnessCritical ? "; correctness-critical: the planner will use opus" : "")}. Next: plan.");
    }

    [McpServerTool(Name = "plan", Title = "Plan the feature", UseStructuredContent = true,
        OutputSchemaType = typeof(PlanToolResult), Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description("After spec: a planning agent writes plan.md (gaps, open questions, chunking) and opens the plan gate; or pass " +
        "your own plan. Show the user the plan, then approve gate plan." + RunningHint)]
    public async Task<CallToolResult> Plan(
        McpServerInstance server,
        RequestContext<CallToolRequestParams> call,
        string session_id,
        [Description("Your own plan (Markdown); no agent runs.")] string? plan = null,
        [Description("The user feedback to re-plan with.")] string? feedback = null,
        [Description(RerunDescription)] bool? rerun = null,
        [Description(WaitDescription)] int? wait_seconds = null,
        string? project_root = null,
        CancellationToken cancellationToken = default)
    {
        await using var progress = OrderedProgress.For(server, call);
        var sessionId = SessionProjectResolver.RequireSessionId(session_id);
        var project = await projects.ResolveAsync(project_root, server, cancellationToken).ConfigureAwait(false);
        PlanResult? planned;
        JobProgress? running = null;
        if (!string.IsNullOrWhiteSpace(plan))
        {
            RequireNoJob(project, sessionId, "plan");
            planned = ToolResults.Unwrap(await plans.RunAsync(project, sessionId, plan, feedback, cancellationToken).ConfigureAwait(false));
        }
        else if (string.IsNullOrWhiteSpace(feedback)
            && await CollectAsync(project, sessionId, "plan", rerun, StoredPhaseResults.PlanAsync, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            return ToolResults.Structured(new PlanToolResult(sessionId, stored.Plan, stored.Gaps, stored.OpenQuestions, stored.SuggestedChunking, "plan", stored.PlannerModel, 0m, PhaseJobStatus.Done),
                $"The plan is already written (plan.md); here it is, and no agent ran: {stored.Gaps.Count} gap(s), {stored.OpenQuestions.Count} open question(s). " +
                "Pass feedback to re-plan with the user's words (rerun: true re-plans as is).");
        }
        else
        {
            var arguments = string.IsNullOrWhiteSpace(feedback) ? null : feedback.Trim();
            (planned, running) = await WaitForJobAsync(jobs, ToolResults.Unwrap(detached.Claim(jobs, project, new JobRecord("", sessionId, JobKind.Plan, arguments) { Feedback = feedback }, (p, ct) =>
            {
                p.Report(JobProgress.Indeterminate("plan: the planning agent is working"));
                return plans.RunAsync(project, sessionId, null, feedback, ct);
            }, JobProgressNotifications.Numbered(progress))), wait_seconds, cancellationToken).ConfigureAwait(false);
        }

        if (planned is null)
        {
            return Running(new PlanToolResult(sessionId, "", [], [], "", "plan", "", 0m, PhaseJobStatus.Running), "plan", running, detached.Detaches);
        }

        var result = new PlanToolResult(sessionId, planned.Plan, planned.Gaps, planned.OpenQuestions, planned.SuggestedChunking, "plan", planned.PlannerModel, planned.CostUsd, PhaseJobStatus.Done)
        { PlannerReason = planned.PlannerReason };
        return ToolResults.Structured(result,
            $"Plan written (plan.md, by {planned.PlannerModel}{(planned.PlannerReason is { } why ? $": {why}" : "")}); {planned.Gaps.Count} gap(s), {planned.OpenQuestions.Count} open question(s). " +
            "The plan gate is open: show the user the plan and ask them to approve, refine or stop.");
    }

    [McpServerTool(Name = "divide", Title = "Divide into chunks", UseStructuredContent = true,
        OutputSchemaType = typeof(DivideToolResult), Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description("After the plan gate: splits the plan into chunks (yours, or a divider agent), validates them, detects " +
        "tests, opens the build gate. Show the user the chunks, then approve gate build." + RunningHint)]
    public async Task<CallToolResult> Divide(
        McpServerInstance server,
        RequestContext<CallToolRequestParams> call,
        string session_id,
        [Description("Flat chunk list, ordered by dependsOn.")] ChunkArgument[]? chunks = null,
        [Description("Instead of chunks: [[chunk]], waves run in order.")] JsonElement? waves = null,
        [Description("Override test detection.")] bool? tests_required = null,
        [Description(RerunDescription)] bool? rerun = null,
        [Description(WaitDescription)] int? wait_seconds = null,
        string? project_root = null,
        CancellationToken cancellationToken = default)
    {
        await using var progress = OrderedProgress.For(server, call);
        var sessionId = SessionProjectResolver.RequireSessionId(session_id);
        if (waves is { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined })
        {
            waves = null;
        }

        if (chunks is not null && waves is not null)
        {
            throw new ToolRefusedException("Pass either `chunks` (a flat list ordered by dependsOn) or `waves` (a list of waves), not both.");
        }

        IReadOnlyList<IReadOnlyList<ChunkDefinition>>? definitions = waves is { } raw
            ? ChunkPlanJson.DeserializeWaves(raw.GetRawText(), out var error) ?? throw new ToolRefusedException($"waves is not a list of waves of chunks ({error}). Pass [[{{id, scope, files, ...}}], ...] or use chunks.")
            : chunks is not null ? [chunks.Select(c => c.ToDefinition()).ToList()] : null;
        var project = await projects.ResolveAsync(project_root, server, cancellationToken).ConfigureAwait(false);
        DivideResult? divided;
        JobProgress? running = null;
        if (definitions is not null)
        {
            RequireNoJob(project, sessionId, "divide");
            divided = ToolResults.Unwrap(await divider.RunAsync(project, sessionId, definitions, tests_required, cancellationToken).ConfigureAwait(false));
        }
        else if (await CollectAsync(project, sessionId, "divide", rerun, StoredPhaseResults.DivideAsync, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            return ToolResults.Structured(new DivideToolResult(sessionId, stored.ChunkPlan.Chunks.Select(ChunkToolResult.From).ToList(), stored.Order,
                stored.ChunkPlan.TestsRequired, stored.OpusReviewSuggested.Select(o => $"{o.ChunkId}: {o.Reason}").ToList(), "build", PhaseJobStatus.Done)
                { CostEstimate = CostEstimateToolResult.From(stored.CostEstimate) },
                $"The chunks are already divided (chunks.json, {stored.ChunkPlan.Chunks.Count} chunk(s)); here they are, and no agent ran. {stored.CostEstimate?.Describe()} " +
                "Pass your own chunks to change them (rerun: true asks the divider again).");
        }
        else
        {
            (divided, running) = await WaitForJobAsync(jobs, ToolResults.Unwrap(detached.Claim(jobs, project, new JobRecord("", sessionId, JobKind.Divide, tests_required?.ToString()) { TestsRequired = tests_required }, (p, ct) =>
            {
                p.Report(JobProgress.Indeterminate("divide: the divider agent is working"));
                return divider.RunAsync(project, sessionId, null, tests_required, ct);
            }, JobProgressNotifications.Numbered(progress))), wait_seconds, cancellationToken).ConfigureAwait(false);
        }

        if (divided is null)
        {
            return Running(new DivideToolResult(sessionId, [], [], false, [], "build", PhaseJobStatus.Running), "divide", running, detached.Detaches);
        }

        var result = new DivideToolResult(sessionId,
            divided.ChunkPlan.Chunks.Select(ChunkToolResult.From).ToList(),
            divided.Order,
            divided.ChunkPlan.TestsRequired,
            divided.OpusReviewSuggested.Select(s => $"{s.ChunkId}: {s.Reason}").ToList(),
            "build",
            PhaseJobStatus.Done)
        { CostEstimate = CostEstimateToolResult.From(divided.CostEstimate) };
        var opus = result.OpusReviewSuggested.Count == 0 ? "" : $" opusReview set on {string.Join(", ", divided.OpusReviewSuggested.Select(s => s.ChunkId))} (critical paths; the user may turn it off at the build gate).";
        var evidence = divided.TestEvidence.Count == 0 ? "" : $" ({string.Join("; ", divided.TestEvidence.Take(3).Select(e => $"{e.Path}: {e.Detail}"))})";
        return ToolResults.Structured(result,
            $"{result.Chunks.Count} chunk(s) in {result.Order.Count} level(s) by {divided.DividedBy}, tests {(result.TestsRequired ? "required" : "not required")}{evidence}.{opus} " +
            $"{divided.CostEstimate?.Describe()} " +
            "The build gate is open: show the user the chunks, tiers and estimated cost and ask them to approve, adjust or cancel before any agent spends money.");
    }

    /// <summary>The job's result once it is done (collected), or null when it still runs after the wait.</summary>
    internal static async Task<(T? Result, JobProgress? Progress)> WaitForJobAsync<T>(PhaseJobRegistry jobs, PhaseJobLease<T> lease, int? waitSeconds, CancellationToken cancellationToken)
        where T : class
    {
        using var held = lease;
        var wait = TimeSpan.FromSeconds(Math.Clamp(waitSeconds ?? DefaultWaitSeconds, 0, MaxWaitSeconds));
        try
        {
            await lease.Job.Completion.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return (null, lease.Job.LastProgress);
        }

        jobs.Collect(lease.Job);
        var outcome = await lease.Job.Completion.ConfigureAwait(false);
        return outcome.Succeeded ? (outcome.Value, null) : throw ToolResults.Error(outcome.Error);
    }

    /// <summary>
    /// The phase's finished result, read back, when a call without new input repeats a finished phase (agents are never
    /// paid twice for it); null when <paramref name="rerun"/> asks for new work, a job of the session is running or has
    /// an outcome not yet collected (the call joins or collects it), or the phase has nothing finished.
    /// </summary>
    private async Task<T?> CollectAsync<T>(ProjectContext project, string sessionId, string phase, bool? rerun,
        Func<ProjectContext, string, CancellationToken, Task<T?>> stored, CancellationToken cancellationToken)
        where T : class =>
        rerun == true || jobs.JobFor(project, sessionId) is { } job && (job.Phase == phase || !job.IsFinished)
            ? null
            : await stored(project, sessionId, cancellationToken).ConfigureAwait(false);

    private void RequireNoJob(ProjectContext project, string sessionId, string phase)
    {
        if (jobs.ClearForHostInput(project, sessionId, phase) is { } busy)
        {
            throw ToolResults.Error(busy);
        }
    }

    private static CallToolResult Running<T>(T result, string phase, JobProgress? progress, bool detached) =>
        ToolResults.Structured(result,
            $"The {phase} agents are still working{(progress is null ? "" : $" ({progress.Message})")}; {WhereItRuns(detached)} " +
            $"Call {phase} again with just session_id to wait for the result.");

    /// <summary>Where a running job goes on, for the running answer: whether it survives this client.</summary>
    internal static string WhereItRuns(bool detached) => detached
        ? "the work continues in a worker process of its own, even if this client or server exits (a later client collects the result)."
        : "the work continues in this server (it stops if the server exits).";

    private static ResearchAngle ToAngle(AngleArgument angle)
    {
        if (string.IsNullOrWhiteSpace(angle.Name) || string.IsNullOrWhiteSpace(angle.Focus))
        {
            throw new ToolRefusedException("Every entry of `angles` needs a `name` and a `focus` (what its agent should look at).");
        }

        var tier = ModelTier.Haiku;
        if (angle.Model is not null && !ModelTiers.TryParse(angle.Model, out tier))
        {
            throw new ToolRefusedException($"angle \"{angle.Name}\" has model \"{angle.Model}\": use haiku, sonnet or opus (or omit it for haiku).");
        }

        return new ResearchAngle(angle.Name.Trim(), angle.Focus.Trim(), tier);
    }
}
