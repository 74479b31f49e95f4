using Orchestrator.Core.Common;
using Orchestrator.Core.Planning.Costs;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Planning;

/// <summary>
/// What the user may change at the open build gate without a new divide: which chunks get the senior (opus) review.
/// Rewrites chunks.json (flags set exactly on the chosen chunks, so a flag turned off stays off) and re-estimates.
/// </summary>
public sealed class BuildGateChoices(SessionWriter writer)
{
    public async Task<Outcome<PlanCostEstimate?>> SetOpusReviewAsync(ProjectContext project, string sessionId, IReadOnlySet<string> chunkIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(chunkIds);
        var store = new SessionStore(project.SessionsDirectory);
        var state = await store.LoadAsync(sessionId, cancellationToken).ConfigureAwait(false);
        if (!state.Succeeded)
        {
            return state.Error;
        }

        if (state.Value.Gates.Build.Status != GateState.Open)
        {
            return Outcome<PlanCostEstimate?>.Failure(ErrorCode.InvalidArgument, "The build gate is not open, so the chunks' opusReview cannot change here. Call divide with the chunks as they should be.");
        }

        var text = await store.ReadDocumentAsync(sessionId, SessionDocuments.Chunks, cancellationToken).ConfigureAwait(false);
        var plan = text is null ? null : SessionChunkPlan.Parse(text, out _);
        if (plan is null)
        {
            return Outcome<PlanCostEstimate?>.Failure(ErrorCode.InvalidPlan, "The session has no readable chunks.json. Call divide first.");
        }

        var known = plan.Chunks.Select(c => c.Id?.Trim()).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var unknown = chunkIds.Where(id => !known.Contains(id)).ToList();
        if (unknown.Count > 0)
        {
            return Outcome<PlanCostEstimate?>.Failure(ErrorCode.InvalidArgument,
                $"opus_review names no chunk of the plan: {string.Join(", ", unknown)}. Use ids from: {string.Join(", ", known)}.");
        }

        var changed = plan with { Waves = OpusReviewApplier.Set(plan.Waves, chunkIds) };
        var written = await writer.WriteDocumentAsync(project, sessionId, SessionDocuments.Chunks, changed.Serialize(), cancellationToken).ConfigureAwait(false);
        if (!written.Succeeded)
        {
            return written.Error;
        }

        var runner = await PlanCostEstimates.RunnerAsync(project, null, cancellationToken).ConfigureAwait(false);
        var estimate = await PlanCostEstimates.EstimateAsync(project, changed.Waves, state.Value.WorkTree, runner, cancellationToken).ConfigureAwait(false);
        if (estimate is not null)
        {
            await writer.WriteDocumentAsync(project, sessionId, PlanCostEstimate.FileName, estimate.Serialize(), cancellationToken).ConfigureAwait(false);
        }

        return Outcome<PlanCostEstimate?>.Success(estimate);
    }
}
