using System.ComponentModel;
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
    private const string ProjectRootHelp = "Repository path. Default: the client's root, else --project, else the working directory.";

    [McpServerTool(Name = "spec", Title = "Research the feature (spec)", UseStructuredContent = true,
        OutputSchemaType = typeof(SpecToolResult), Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description("Phase 1, after session_start. Runs 2-4 read-only research agents in parallel and merges their findings into a rough spec " +
        "(spec.md). Or pass your own research as `findings`. Show the user the summary, then call plan.")]
    public async Task<CallToolResult> Spec(
        McpServerInstance server,
        string session_id,
        [Description("Research angles instead of the automatic choice (at most 4).")] AngleArgument[]? angles = null,
        [Description("Your own research (Markdown) instead of running agents.")] string? findings = null,
        [Description(ProjectRootHelp)] string? project_root = null,
        CancellationToken cancellationToken = default)
    {
        var sessionId = SessionProjectResolver.RequireSessionId(session_id);
        var chosen = angles?.Select(ToAngle).ToList();
        var project = await projects.ResolveAsync(project_root, server, cancellationToken).ConfigureAwait(false);
        var spec = ToolResults.Unwrap(await specs.RunAsync(project, sessionId, chosen, findings, cancellationToken).ConfigureAwait(false));
        var result = new SpecToolResult(sessionId, spec.RoughSpec,
            spec.Angles.Select(a => new SpecAngleToolResult(a.Name, a.Model, a.Ok, a.Summary)).ToList(), spec.CorrectnessCritical, spec.CostUsd);
        var failed = spec.Angles.Count(a => !a.Ok);
        return ToolResults.Structured(result,
            $"Rough spec written (spec.md) from {spec.Angles.Count - failed}/{spec.Angles.Count} angle(s){(spec.CorrectnessCritical ? "; correctness-critical: the planner will use opus" : "")}. Next: plan.");
    }

    [McpServerTool(Name = "plan", Title = "Plan the feature", UseStructuredContent = true,
        OutputSchemaType = typeof(PlanToolResult), Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description("Phase 2, after spec. The planning agent writes the plan (plan.md) with gaps, open questions and a suggested chunking, and " +
        "opens the plan gate. Or pass your own `plan`. With `feedback` it re-plans. Show the user the plan, then call approve(gate: \"plan\").")]
    public async Task<CallToolResult> Plan(
        McpServerInstance server,
        string session_id,
        [Description("Your own plan (Markdown) instead of running the planner.")] string? plan = null,
        [Description("The user's feedback on the previous plan: re-plans with it.")] string? feedback = null,
        [Description(ProjectRootHelp)] string? project_root = null,
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
    [Description("Phase 4, after approve(gate: \"plan\"). Splits the approved plan into chunks (yours via `chunks` or `waves`, else a divider " +
        "agent's), validates them (ids, dependsOn, disjoint files, paths), detects tests, suggests opusReview, saves chunks.json and opens the " +
        "build gate. Show the user the chunks and tiers, then call approve(gate: \"build\").")]
    public async Task<CallToolResult> Divide(
        McpServerInstance server,
        string session_id,
        [Description("A flat chunk list; order comes from dependsOn.")] ChunkArgument[]? chunks = null,
        [Description("Waves of chunks: waves run in order, chunks of a wave in parallel.")] ChunkArgument[][]? waves = null,
        [Description("Override test detection.")] bool? tests_required = null,
        [Description(ProjectRootHelp)] string? project_root = null,
        CancellationToken cancellationToken = default)
    {
        var sessionId = SessionProjectResolver.RequireSessionId(session_id);
        if (chunks is not null && waves is not null)
        {
            throw new ToolRefusedException("Pass either `chunks` (a flat list ordered by dependsOn) or `waves` (a list of waves), not both.");
        }

        IReadOnlyList<IReadOnlyList<ChunkDefinition>>? definitions = waves is not null
            ? waves.Select(w => (IReadOnlyList<ChunkDefinition>)(w ?? []).Select(c => c.ToDefinition()).ToList()).ToList()
            : chunks is not null ? [chunks.Select(c => c.ToDefinition()).ToList()] : null;
        var project = await projects.ResolveAsync(project_root, server, cancellationToken).ConfigureAwait(false);
        var divided = ToolResults.Unwrap(await divider.RunAsync(project, sessionId, definitions, tests_required, cancellationToken).ConfigureAwait(false));
        var result = new DivideToolResult(sessionId,
            divided.ChunkPlan.Chunks.Select(ChunkToolResult.From).ToList(),
            divided.Order,
            divided.ChunkPlan.TestsRequired,
            divided.TestEvidence.Select(e => $"{e.Path}: {e.Detail}").ToList(),
            divided.OpusReviewSuggested.Select(s => new OpusSuggestionToolResult(s.ChunkId, s.Reason)).ToList(),
            "build",
            divided.DividedBy);
        var opus = result.OpusReviewSuggested.Count == 0 ? "" : $" opusReview suggested for {string.Join(", ", result.OpusReviewSuggested.Select(s => s.ChunkId))}.";
        return ToolResults.Structured(result,
            $"{result.Chunks.Count} chunk(s) in {result.Order.Count} level(s), tests {(result.TestsRequired ? "required" : "not required")}.{opus} " +
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
