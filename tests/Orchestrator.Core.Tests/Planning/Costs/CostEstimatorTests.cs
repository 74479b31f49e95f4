using Orchestrator.Core.Agents;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Planning.Costs;
using static Orchestrator.Testing.TestChunks;

namespace Orchestrator.Core.Tests.Planning.Costs;

public sealed class CostEstimatorTests
{
    private static IReadOnlyList<PlannedChunk> Plan(params ChunkDefinition[] chunks) =>
        ChunkPlanValidator.ValidateWaves(Waves(chunks), null).Plan!.Chunks;

    [Fact]
    public void Without_history_the_runner_defaults_give_low_expected_and_high()
    {
        var figures = CostHistory.Figures([], RunnerKind.Claude);

        var estimate = CostEstimator.Estimate(Plan(Chunk("c1", model: "haiku"), Chunk("c2", model: "sonnet"), Chunk("c3", model: "opus")), figures);

        Assert.Equal("defaults", estimate.Basis);
        Assert.Equal((0.05m, 0.40m, 2.00m), (figures.Haiku, figures.Sonnet, figures.Opus));
        // low: one attempt + one sonnet review per chunk.
        Assert.Equal(0.05m + 0.40m + 0.40m + 0.40m + 2.00m + 0.40m, estimate.LowUsd);
        // expected: 1.3 attempts (0.3 retries) + 1 review per chunk.
        var c2 = estimate.Chunks.Single(c => c.Id == "c2");
        Assert.Equal(0.40m * 1.3m + 0.40m, c2.ExpectedUsd);
        // high: two attempts at the tier, the third one tier up, plus the review; opus stays opus.
        Assert.Equal(0.05m * 2 + 0.40m + 0.40m, estimate.Chunks.Single(c => c.Id == "c1").HighUsd);
        Assert.Equal(2.00m * 3 + 0.40m, estimate.Chunks.Single(c => c.Id == "c3").HighUsd);
        Assert.True(estimate.LowUsd < estimate.ExpectedUsd && estimate.ExpectedUsd < estimate.HighUsd);
        Assert.Equal(estimate.HighUsd, estimate.Chunks.Sum(c => c.HighUsd));
    }

    [Fact]
    public void Each_runner_has_its_own_defaults_and_the_opus_review_pass_is_counted_once()
    {
        var codex = CostEstimator.Estimate(Plan(Chunk("c1", opusReview: true), Chunk("c2", files: ["src/b.cs"], opusReview: true)), CostFigures.Defaults(RunnerKind.Codex));

        Assert.Equal("codex", codex.Runner);
        Assert.Equal(0.30m, codex.PerAttemptUsd["sonnet"]);
        Assert.Equal(2 * (0.30m + 0.30m) + 0.90m, codex.LowUsd);
        Assert.StartsWith("defaults (assumed", CostFigures.Defaults(RunnerKind.Command).Basis);
    }

    [Fact]
    public void History_of_the_same_runner_replaces_the_defaults_per_tier_and_sets_retries_and_reviews()
    {
        string[] lines =
        [
            // Claude: 10 sonnet attempts for $5 (0.50 each), 8 executor attempts for 4 chunks (1 retry per chunk), 6 reviews.
            """{"session_id":"a","runner":"claude","agents_dispatched":14,"executor_attempts":8,"chunks_done":3,"chunks_failed":1,"tiers":{"sonnet":{"attempts":10,"cost_usd":5.0}}}""",
            // Another runner and a line without a runner do not count; a torn line is skipped.
            """{"session_id":"b","runner":"codex","agents_dispatched":2,"executor_attempts":1,"chunks_done":1,"tiers":{"sonnet":{"attempts":1,"cost_usd":99}}}""",
            """{"session_id":"c","tiers":{"sonnet":{"attempts":1,"cost_usd":99}}}""",
            """{"session_id":"d","runner":"cla""",
        ];

        var figures = CostHistory.Figures(lines, RunnerKind.Claude);
        var estimate = CostEstimator.Estimate(Plan(Chunk("c1")), figures);

        Assert.Equal(0.50m, figures.Sonnet);
        Assert.Equal(0.05m, figures.Haiku);
        Assert.Equal(1.0, figures.RetriesPerChunk);
        Assert.Equal(1.5, figures.ReviewsPerChunk);
        Assert.Equal("haiku: default, sonnet: history of 1 session(s), opus: default", figures.Basis);
        Assert.Equal(0.50m * 2 + 0.50m * 1.5m, estimate.ExpectedUsd);
        Assert.Contains("expected $1.75", estimate.Describe());
    }

    [Fact]
    public void More_expected_retries_raise_the_expected_cost_but_not_the_low_or_high_bound()
    {
        var plan = Plan(Chunk("c1"), Chunk("c2", files: ["src/b.cs"]));
        var steady = CostEstimator.Estimate(plan, CostFigures.Defaults(RunnerKind.Claude) with { RetriesPerChunk = 0 });
        var flaky = CostEstimator.Estimate(plan, CostFigures.Defaults(RunnerKind.Claude) with { RetriesPerChunk = 1.5 });

        Assert.Equal(steady.LowUsd, flaky.LowUsd);
        Assert.Equal(steady.HighUsd, flaky.HighUsd);
        Assert.Equal(steady.ExpectedUsd + 2 * 1.5m * 0.40m, flaky.ExpectedUsd);
    }

    [Fact]
    public void The_estimate_round_trips_through_its_file_in_snake_case()
    {
        var estimate = CostEstimator.Estimate(Plan(Chunk("c1")), CostFigures.Defaults(RunnerKind.Claude));

        var json = estimate.Serialize();

        Assert.Contains("\"expected_usd\"", json);
        Assert.Contains("\"per_attempt_usd\"", json);
        Assert.Equal(estimate.ExpectedUsd, PlanCostEstimate.Parse(json)!.ExpectedUsd);
        Assert.Equal(0.40m, PlanCostEstimate.Parse(json)!.PerAttempt(AgentRole.Reviewer, Core.Common.ModelTier.Opus));
        Assert.Null(PlanCostEstimate.Parse("not json"));
    }
}
