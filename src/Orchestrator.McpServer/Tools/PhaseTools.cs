using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Planning;
using Orchestrator.McpServer.Tools.Arguments;
using Orchestrator.McpServer.Tools.Results;

namespace Orchestrator.McpServer.Tools;

/// <summary><c>spec</c>, <c>plan</c> and <c>divide</c>: thin shells over the planning services.</summary>
[McpServerToolType]
internal sealed class PhaseTools(SpecService specs, PlanService plans, DivideService divider, SessionProjectResolver projects)
{

    [McpServerTool(Name = "spec", Title = "Research the feature (spec)", UseStructuredContent = true,
        OutputSchemaType = typeof(SpecToolResult), Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description("Phase 1, after session_start: 2-4 read-only research agents in parallel, merged into a rough spec (spec.md). " +
        "Or pass your own research as findings. Then plan.")]
    public async Task<CallToolResult> Spec(
        McpServerInstance server,
        IProgress<ProgressNotificationValue> progress,
        string session_id,
        [Description("Up to 4 angles {name, focus, model?} instead of the automatic choice.")] AngleArgument[]? angles = null,
        [Description("Your own research (Markdown); no agents run.")] string? findings = null,
        string? project_root = null,
        CancellationToken cancellationToken = default)
    {
        var sessionId = SessionProjectResolver.RequireSessionId(session_id);
        var chosen = angles?.Select(ToAngle).ToList();
        var project = await projects.ResolveAsync(project_root, server, cancellationToken).ConfigureAwait(false);
        var spec = ToolResults.Unwrap(await specs.RunAsync(project, sessionId, chosen, findings, new ProgressMessages(progress), cancellationToken).ConfigureAwait(false));
        var result = new SpecToolResult(sessionId, spec.RoughSpec,
            spec.Angles.Select(a => new SpecAngleToolResult(a.Name, a.Model, a.Ok, a.Summary)).ToList(), spec.CorrectnessCritical, spec.CostUsd);
        var failed = spec.Angles.Count(a => !a.Ok);
        return ToolResults.Structured(result,
            $"Rough spec written (spec.md) from {spec.Angles.Count - failed}/{spec.Angles.Count} angle(s){(spec.CorrectnessCritical ? "; correctness-critical: the planner will use opus" : "")}. Next: plan.");
    }

    [McpServerTool(Name = "plan", Title = "Plan the feature", UseStructuredContent = true,
        OutputSchemaType = typeof(PlanToolResult), Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description("Phase 2, after spec: the planning agent writes plan.md (gaps, open questions, suggested chunking) and opens the plan gate. " +
        "Or pass your own plan; feedback re-plans. Show the user the plan, then approve gate plan.")]
    public async Task<CallToolResult> Plan(
        McpServerInstance server,
        string session_id,
        [Description("Your own plan (Markdown); no agent runs.")] string? plan = null,
        [Description("The user feedback to re-plan with.")] string? feedback = null,
        string? project_root = null,
        CancellationToken cancellationToken = default)
    {
        var sessionId = SessionProjectResolver.RequireSessionId(session_id);
        var project = await projects.ResolveAsync(project_root, server, cancellationToken).ConfigureAwait(false);
        var planned = ToolResults.Unwrap(await plans.RunAsync(project, sessionId, plan, feedback, cancellationToken).ConfigureAwait(false));
        var result = new PlanToolResult(sessionId, planned.Plan, planned.Gaps, planned.OpenQuestions, planned.SuggestedChunking, "plan", planned.PlannerModel, planned.CostUsd);
        return ToolResults.Structured(result,
            $"Plan written (plan.md, by {planned.PlannerModel}); {planned.Gaps.Count} gap(s), {planned.OpenQuestions.Count} open question(s). " +
            "The plan gate is open: show the user the plan and ask them to approve, refine or stop.");
    }

    [McpServerTool(Name = "divide", Title = "Divide the plan into chunks", UseStructuredContent = true,
        OutputSchemaType = typeof(DivideToolResult), Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description("Phase 4, after the plan gate is approved: splits the plan into chunks {id, scope, files, model, tests, testScope, opusReview, dependsOn} " +
        "(yours, or a divider agent), validates them, detects tests, opens the build gate. Show the user the chunks, then approve gate build.")]
    public async Task<CallToolResult> Divide(
        McpServerInstance server,
        string session_id,
        [Description("Flat chunk list, ordered by dependsOn.")] ChunkArgument[]? chunks = null,
        [Description("Instead of chunks: [[chunk]], waves run in order.")] JsonElement? waves = null,
        [Description("Override test detection.")] bool? tests_required = null,
        string? project_root = null,
        CancellationToken cancellationToken = default)
    {
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
        var divided = ToolResults.Unwrap(await divider.RunAsync(project, sessionId, definitions, tests_required, cancellationToken).ConfigureAwait(false));
        var result = new DivideToolResult(sessionId,
            divided.ChunkPlan.Chunks.Select(ChunkToolResult.From).ToList(),
            divided.Order,
            divided.ChunkPlan.TestsRequired,
            divided.OpusReviewSuggested.Select(s => $"{s.ChunkId}: {s.Reason}").ToList(),
            "build");
        var opus = result.OpusReviewSuggested.Count == 0 ? "" : $" opusReview suggested for {string.Join(", ", divided.OpusReviewSuggested.Select(s => s.ChunkId))}.";
        var evidence = divided.TestEvidence.Count == 0 ? "" : $" ({string.Join("; ", divided.TestEvidence.Take(3).Select(e => $"{e.Path}: {e.Detail}"))})";
        return ToolResults.Structured(result,
            $"{result.Chunks.Count} chunk(s) in {result.Order.Count} level(s) by {divided.DividedBy}, tests {(result.TestsRequired ? "required" : "not required")}{evidence}.{opus} " +
            "The build gate is open: show the user the chunks and tiers and ask them to approve, adjust or cancel before any agent spends money.");
    }

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
