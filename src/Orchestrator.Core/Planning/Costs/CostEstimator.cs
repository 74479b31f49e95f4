using Orchestrator.Core.Common;

namespace Orchestrator.Core.Planning.Costs;

/// <summary>Estimates a chunk plan's cost from per-attempt figures (see <see cref="PlanCostEstimate"/> for low/expected/high).</summary>
public static class CostEstimator
{
    public static PlanCostEstimate Estimate(IReadOnlyList<PlannedChunk> chunks, CostFigures figures)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(figures);
        var review = figures.PerAttempt(ModelTier.Sonnet);
        var perChunk = chunks.Select(c =>
        {
            var attempt = figures.PerAttempt(c.Tier);
            var low = attempt + review;
            var expected = attempt * (1m + (decimal)figures.RetriesPerChunk) + review * (decimal)figures.ReviewsPerChunk;
            var high = attempt * 2 + figures.PerAttempt(c.Tier.Bump()) + review;
            return new ChunkCostEstimate(c.Id, c.Tier.ToName(), c.OpusReview, Rounded(low), Rounded(expected), Rounded(high));
        }).ToList();

        // One opus reviewer looks at every flagged chunk together.
        var opusPass = chunks.Any(c => c.OpusReview) ? figures.PerAttempt(ModelTier.Opus) : 0m;
        return new PlanCostEstimate
        {
            Runner = figures.Runner.ToString().ToLowerInvariant(),
            Basis = figures.Basis,
            LowUsd = Rounded(perChunk.Sum(c => c.LowUsd) + opusPass),
            ExpectedUsd = Rounded(perChunk.Sum(c => c.ExpectedUsd) + opusPass),
            HighUsd = Rounded(perChunk.Sum(c => c.HighUsd) + opusPass),
            PerAttemptUsd = new Dictionary<string, decimal>
            {
                ["haiku"] = figures.Haiku,
                ["sonnet"] = figures.Sonnet,
                ["opus"] = figures.Opus,
            },
            RetriesPerChunk = figures.RetriesPerChunk,
            ReviewsPerChunk = figures.ReviewsPerChunk,
            Chunks = perChunk,
        };
    }

    // The figures keep sub-cent precision (an attempt against a cheap model costs fractions of a cent); text rounds to cents.
    private static decimal Rounded(decimal usd) => Math.Round(usd, 4, MidpointRounding.AwayFromZero);
}
