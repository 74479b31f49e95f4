using System.Text.RegularExpressions;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Planning;

/// <summary>
/// A phase's finished work read back from the session (spec.md, plan.md, chunks.json and STATE.md), so a repeated
/// spec / plan / divide call collects it instead of paying the agents again. Null means there is nothing finished to
/// collect: the phase has not run, or a later decision (a refined plan gate, a re-plan) made its result stale.
/// </summary>
public static partial class StoredPhaseResults
{
    public static async Task<SpecResult?> SpecAsync(ProjectContext project, string sessionId, CancellationToken cancellationToken)
    {
        var (state, store) = await LoadAsync(project, sessionId, cancellationToken).ConfigureAwait(false);
        if (state is null || state.Phase == SessionPhase.Started)
        {
            return null;
        }

        var spec = await store.ReadDocumentAsync(sessionId, SessionDocuments.Spec, cancellationToken).ConfigureAwait(false);
        if (spec is null)
        {
            return null;
        }

        // The merged spec has one "## angle (tier)" section per research angle (see SpecService).
        var angles = AngleHeading().Matches(spec)
            .Select(m => new SpecAngleResult(m.Groups["name"].Value.Trim(), m.Groups["tier"].Value, !m.Groups["body"].Value.TrimStart().StartsWith("Research failed", StringComparison.Ordinal), "stored in spec.md"))
            .ToList();
        return new SpecResult(spec, angles, state.CorrectnessCritical, 0m);
    }

    public static async Task<PlanResult?> PlanAsync(ProjectContext project, string sessionId, CancellationToken cancellationToken)
    {
        var (state, store) = await LoadAsync(project, sessionId, cancellationToken).ConfigureAwait(false);
        var gate = state?.Gates.Plan;

        // A refined plan gate asks for a new plan (the planner reads the user's note as feedback).
        if (gate is null || gate.Status == GateState.NotOpened || gate.Decision == GateNames.Refine)
        {
            return null;
        }

        var plan = await store.ReadDocumentAsync(sessionId, SessionDocuments.Plan, cancellationToken).ConfigureAwait(false);
        if (plan is null)
        {
            return null;
        }

        var body = PlanBody(plan);
        return new PlanResult(body, PlanDocument.Bullets(plan, "gap"), PlanDocument.Bullets(plan, "question"), PlanDocument.SectionText(plan, "chunking"), "stored", 0m);
    }

    public static async Task<DivideResult?> DivideAsync(ProjectContext project, string sessionId, CancellationToken cancellationToken)
    {
        var (state, store) = await LoadAsync(project, sessionId, cancellationToken).ConfigureAwait(false);

        // plan re-closes the build gate (its chunks are stale then); an open or decided gate has current chunks.
        if (state is null || state.Gates.Build.Status == GateState.NotOpened)
        {
            return null;
        }

        var text = await store.ReadDocumentAsync(sessionId, SessionDocuments.Chunks, cancellationToken).ConfigureAwait(false);
        var chunkPlan = text is null ? null : SessionChunkPlan.Parse(text, out _);
        var validation = chunkPlan is null ? null : ChunkPlanValidator.ValidateWaves(chunkPlan.Waves, state.WorkTree);
        if (chunkPlan is null || validation?.Plan is not { } planned)
        {
            return null;
        }

        var suggestions = OpusReviewAdvisor.Suggest(planned.Chunks.Where(c => !c.OpusReview)).ToList();
        return new DivideResult(chunkPlan, planned.Levels(), [], suggestions, "stored", 0m);
    }

    private static async Task<(SessionState? State, SessionStore Store)> LoadAsync(ProjectContext project, string sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        var store = new SessionStore(project.SessionsDirectory);
        var loaded = await store.LoadAsync(sessionId, cancellationToken).ConfigureAwait(false);
        return (loaded.Succeeded ? loaded.Value : null, store);
    }

    /// <summary>The plan without the Gaps / Open questions / Suggested chunking sections the result lists separately.</summary>
    private static string PlanBody(string plan)
    {
        var cut = new[] { "\n## Gaps", "\n## Open questions", "\n## Suggested chunking" }
            .Select(h => plan.IndexOf(h, StringComparison.Ordinal))
            .Where(i => i >= 0)
            .DefaultIfEmpty(plan.Length)
            .Min();
        return plan[..cut].Trim();
    }

    [GeneratedRegex(@"^## (?<name>.+?) \((?<tier>haiku|sonnet|opus)\)\n(?<body>[^\n]*)", RegexOptions.Multiline)]
    private static partial Regex AngleHeading();
}
