using Orchestrator.Core.Common;

namespace Orchestrator.Core.Planning;

/// <summary>
/// The failures gate's retry and address: a plan of the run's chunks that did not get done, as they were planned
/// (optionally one tier up), dependencies kept among themselves; "address" puts the failure reason into the scope so
/// the executor starts from what went wrong.
/// </summary>
public static class FailureRetryPlanBuilder
{
    public static SessionChunkPlan Build(string runId, IReadOnlyList<(string ChunkId, string? Reason)> failed, SessionChunkPlan previous, bool tierUp, bool address)
    {
        ArgumentNullException.ThrowIfNull(failed);
        ArgumentNullException.ThrowIfNull(previous);
        var reasons = failed.GroupBy(f => f.ChunkId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Reason, StringComparer.Ordinal);
        var retried = previous.Chunks.Where(c => c.Id is not null && reasons.ContainsKey(c.Id.Trim())).ToList();
        var ids = retried.Select(c => c.Id!.Trim()).ToHashSet(StringComparer.Ordinal);
        var chunks = retried.Select(c => c with
        {
            Model = tierUp && ModelTiers.TryParse(c.Model ?? "sonnet", out var tier) ? tier.Bump().ToName() : c.Model,
            Scope = address && reasons[c.Id!.Trim()] is { } reason ? $"{c.Scope} (the previous run failed here: {reason}; address that first)" : c.Scope,
            DependsOn = (c.DependsOn ?? []).Where(d => ids.Contains(d.Trim())).ToList(),
        }).ToList();
        return new SessionChunkPlan(previous.TestsRequired, [chunks], SessionChunkPlan.FromFailures, runId);
    }
}
