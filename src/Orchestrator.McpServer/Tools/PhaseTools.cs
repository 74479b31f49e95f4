using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Orchestrator.Core.Common;
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
internal sealed class PhaseTools(SpecService specs, PlanService plans, DivideService divider, PhaseJobRegistry jobs, SessionProjectResolver projects)
{
    public const int DefaultWaitSeconds = 40;
    public const int MaxWaitSeconds = 45;
    internal const string WaitDescription = "Seconds to wait (default 40, max 45).";
    internal const string RunningHint = " On status running, call again with just session_id.";

    [McpServerTool(Name = "spec", Title = "Research the feature", UseStructuredContent = true,
        OutputSchemaType = typeof(SpecToolResult), Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description("After session_start: 2-4 read-only research agents write a rough spec (spec.md), or pass your own findings. " +
        "Then plan." + RunningHint)]
    public async Task<CallToolResult> Spec(
        McpServerInstance server,
        RequestContext<CallToolRequestParams> call,
        string session_id,
        [Description("Up to 4 angles {name, focus, model?} instead of the automatic choice.")] AngleArgument[]? angles = null,
        [Description("Your own research (Markdown); no agents run.")] string? findings = null,
        [Description(WaitDescription)] int? wait_seconds = null,
        string? project_root = null,
        CancellationToken cancellationToken = default)
    {
        await using var progress = OrderedProgress.For(server, call);
        var sessionId = SessionProjectResolver.RequireSessionId(session_id);
        var chosen = angles?.Select(ToAngle).ToList();
        var project = await projects.ResolveAsync(project_root, server, cancellationToken).ConfigureAwait(false);
        SpecResult? spec;
        string? running = null;
        if (!string.IsNullOrWhiteSpace(findings))
        {
            RequireNoJob(project, sessionId, "spec");
            spec = ToolResults.Unwrap(await specs.RunAsync(project, sessionId, chosen, findings, null, cancellationToken).ConfigureAwait(false));
        }
        else
        {
            var arguments = chosen is { Count: > 0 } ? JsonSerializer.Serialize(chosen.Select(a => new[] { a.Name, a.Focus, a.Tier.ToName() }).ToArray(), ToolJson.TypeInfo<string[][]>()) : null;
            (spec, running) = await WaitForJobAsync<SpecResult>(jobs, ToolResults.Unwrap(jobs.Claim(project, sessionId, "spec", arguments,
                async (p, ct) => Boxed(await specs.RunAsync(project, sessionId, chosen, null, p, ct).ConfigureAwait(false)),
                new ProgressMessages(progress))), wait_seconds, cancellationToken).ConfigureAwait(false);
        }

        if (spec is null)
        {
            return Running(new SpecToolResult(sessionId, "", [], false, 0m, PhaseJobStatus.Running), "spec", running);
        }

        var result = new SpecToolResult(sessionId, spec.RoughSpec,
            spec.Angles.Select(a => new SpecAngleToolResult(a.Name, a.Model, a.Ok, a.Summary)).ToList(), spec.CorrectnessCritical, spec.CostUsd, PhaseJobStatus.Done);
        var failed = spec.Angles.Count(a => !a.Ok);
        return ToolResults.Structured(result,
            $"Rough spec written (spec.md) from {spec.Angles.Count - failed}/{spec.Angles.Count} angle(s){(spec.CorrectnessCritical ? "; correctness-critical: the planner will use opus" : "")}. Next: plan.");
    }

    [McpServerTool(Name = "plan", Title = "Plan the feature", UseStructuredContent = true,
        OutputSchemaType = typeof(PlanToolResult), Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description("After spec: the planning agent writes plan.md (gaps, open questions, chunking) and opens the plan gate; or pass " +
        "your own plan; feedback re-plans. Show the user the plan, then approve gate plan." + RunningHint)]
    public async Task<CallToolResult> Plan(
        McpServerInstance server,
        RequestContext<CallToolRequestParams> call,
        string session_id,
        [Description("Your own plan (Markdown); no agent runs.")] string? plan = null,
        [Description("The user feedback to re-plan with.")] string? feedback = null,
        [Description(WaitDescription)] int? wait_seconds = null,
        string? project_root = null,
        CancellationToken cancellationToken = default)
    {
        await using var progress = OrderedProgress.For(server, call);
        var sessionId = SessionProjectResolver.RequireSessionId(session_id);
        var project = await projects.ResolveAsync(project_root, server, cancellationToken).ConfigureAwait(false);
        PlanResult? planned;
        string? running = null;
        if (!string.IsNullOrWhiteSpace(plan))
        {
            RequireNoJob(project, sessionId, "plan");
            planned = ToolResults.Unwrap(await plans.RunAsync(project, sessionId, plan, feedback, cancellationToken).ConfigureAwait(false));
        }
        else
        {
            var arguments = string.IsNullOrWhiteSpace(feedback) ? null : feedback.Trim();
            (planned, running) = await WaitForJobAsync<PlanResult>(jobs, ToolResults.Unwrap(jobs.Claim(project, sessionId, "plan", arguments, async (p, ct) =>
            {
                p.Report("plan: the planning agent is working");
                return Boxed(await plans.RunAsync(project, sessionId, null, feedback, ct).ConfigureAwait(false));
            }, new ProgressMessages(progress))), wait_seconds, cancellationToken).ConfigureAwait(false);
        }

        if (planned is null)
        {
            return Running(new PlanToolResult(sessionId, "", [], [], "", "plan", "", 0m, PhaseJobStatus.Running), "plan", running);
        }

        var result = new PlanToolResult(sessionId, planned.Plan, planned.Gaps, planned.OpenQuestions, planned.SuggestedChunking, "plan", planned.PlannerModel, planned.CostUsd, PhaseJobStatus.Done);
        return ToolResults.Structured(result,
            $"Plan written (plan.md, by {planned.PlannerModel}); {planned.Gaps.Count} gap(s), {planned.OpenQuestions.Count} open question(s). " +
            "The plan gate is open: show the user the plan and ask them to approve, refine or stop.");
    }

    [McpServerTool(Name = "divide", Title = "Divide into chunks", UseStructuredContent = true,
        OutputSchemaType = typeof(DivideToolResult), Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description("After the plan gate is approved: splits the plan into chunks (yours, or a divider agent), validates them, detects " +
        "tests, opens the build gate. Show the user the chunks, then approve gate build." + RunningHint)]
    public async Task<CallToolResult> Divide(
        McpServerInstance server,
        RequestContext<CallToolRequestParams> call,
        string session_id,
        [Description("Flat chunk list, ordered by dependsOn.")] ChunkArgument[]? chunks = null,
        [Description("Instead of chunks: [[chunk]], waves run in order.")] JsonElement? waves = null,
        [Description("Override test detection.")] bool? tests_required = null,
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
        string? running = null;
        if (definitions is not null)
        {
            RequireNoJob(project, sessionId, "divide");
            divided = ToolResults.Unwrap(await divider.RunAsync(project, sessionId, definitions, tests_required, cancellationToken).ConfigureAwait(false));
        }
        else
        {
            (divided, running) = await WaitForJobAsync<DivideResult>(jobs, ToolResults.Unwrap(jobs.Claim(project, sessionId, "divide", tests_required?.ToString(), async (p, ct) =>
            {
                p.Report("divide: the divider agent is working");
                return Boxed(await divider.RunAsync(project, sessionId, null, tests_required, ct).ConfigureAwait(false));
            }, new ProgressMessages(progress))), wait_seconds, cancellationToken).ConfigureAwait(false);
        }

        if (divided is null)
        {
            return Running(new DivideToolResult(sessionId, [], [], false, [], "build", PhaseJobStatus.Running), "divide", running);
        }

        var result = new DivideToolResult(sessionId,
            divided.ChunkPlan.Chunks.Select(ChunkToolResult.From).ToList(),
            divided.Order,
            divided.ChunkPlan.TestsRequired,
            divided.OpusReviewSuggested.Select(s => $"{s.ChunkId}: {s.Reason}").ToList(),
            "build",
            PhaseJobStatus.Done);
        var opus = result.OpusReviewSuggested.Count == 0 ? "" : $" opusReview suggested for {string.Join(", ", divided.OpusReviewSuggested.Select(s => s.ChunkId))}.";
        var evidence = divided.TestEvidence.Count == 0 ? "" : $" ({string.Join("; ", divided.TestEvidence.Take(3).Select(e => $"{e.Path}: {e.Detail}"))})";
        return ToolResults.Structured(result,
            $"{result.Chunks.Count} chunk(s) in {result.Order.Count} level(s) by {divided.DividedBy}, tests {(result.TestsRequired ? "required" : "not required")}{evidence}.{opus} " +
            "The build gate is open: show the user the chunks and tiers and ask them to approve, adjust or cancel before any agent spends money.");
    }

    /// <summary>The job's result once it is done (collected), or null when it still runs after the wait.</summary>
    internal static async Task<(T? Result, string? Progress)> WaitForJobAsync<T>(PhaseJobRegistry jobs, PhaseJobLease lease, int? waitSeconds, CancellationToken cancellationToken)
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
        return outcome.Succeeded ? ((T)outcome.Value, null) : throw ToolResults.Error(outcome.Error);
    }

    private void RequireNoJob(ProjectContext project, string sessionId, string phase)
    {
        if (jobs.ClearForHostInput(project, sessionId, phase) is { } busy)
        {
            throw ToolResults.Error(busy);
        }
    }

    private static CallToolResult Running<T>(T result, string phase, string? progress) =>
        ToolResults.Structured(result,
            $"The {phase} agents are still working{(progress is null ? "" : $" ({progress})")}; the work continues on the server. " +
            $"Call {phase} again with just session_id to wait for the result.");

    private static Outcome<object> Boxed<T>(Outcome<T> outcome)
        where T : class =>
        outcome.Succeeded ? Outcome<object>.Success(outcome.Value) : Outcome<object>.Failure(outcome.Error);

    private static ResearchAngle ToAngle(AngleArgument angle)
    {
        if (string.IsNullOrWhiteSpace(angle.Name) || string.IsNullOrWhiteSpace(angle.Focus))
        {
            throw new ToolRefusedException("Every angle needs a `name` and a `focus` (what its agent should look at).");
        }

        var tier = ModelTier.Haiku;
        if (angle.Model is not null && !ModelTiers.TryParse(angle.Model, out tier))
        {
            throw new ToolRefusedException($"angle \"{angle.Name}\" has model \"{angle.Model}\": use haiku, sonnet or opus (or omit it for haiku).");
        }

        return new ResearchAngle(angle.Name.Trim(), angle.Focus.Trim(), tier);
    }
}
