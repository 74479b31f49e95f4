using Microsoft.Extensions.Time.Testing;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Planning.Costs;
using Orchestrator.Testing;
using static Orchestrator.Testing.TestChunks;

namespace Orchestrator.Core.Tests.Build;

/// <summary>
/// budget_usd with parallel agents: each attempt reserves its estimate before it starts, so agents dispatched at the
/// same moment cannot all start on the same "still under budget" reading.
/// </summary>
public sealed class BudgetReservationTests
{
    private const decimal PerAttempt = 1.0m;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ChunkDefinition[] SixIndependentChunks() =>
        Enumerable.Range(1, 6).Select(i => Chunk($"c{i}")).ToArray();

    private static PlanCostEstimate Estimate(ChunkDefinition[] chunks) =>
        CostEstimator.Estimate(ChunkPlanValidator.ValidateWaves(Waves(chunks), null).Plan!.Chunks,
            new CostFigures(RunnerKind.Claude, PerAttempt, PerAttempt, PerAttempt));

    /// <summary>Runs six chunks at once, every executor held until all that will start have started.</summary>
    private static async Task<(BuildRunResult Result, ScriptedAgentRunner Runner)> RunHeldAsync(decimal budget, PlanCostEstimate? estimate)
    {
        using var harness = new BuildLoopHarness { Time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-30T04:00:00Z", System.Globalization.CultureInfo.InvariantCulture)) };
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var chunks = SixIndependentChunks();
        var runner = new ScriptedAgentRunner { CostPerCall = PerAttempt }
            .When(j => j.Role == AgentRole.Executor, ScriptedStep.Done("held").After(release.Task));
        var events = new RunEventBroadcaster(TimeProvider.System);
        var run = harness.RunAsync(runner, BuildLoopHarness.Input(chunks),
            new BuildOptions { MaxParallel = 6, BudgetUsd = budget, CostEstimate = estimate }, events, Ct);

        // Every chunk has either started or been skipped before any attempt finishes (and spends).
        await BuildLoopHarness.WaitForAsync(events, s => s.Chunks.All(c => c.State is ChunkRunState.Running or ChunkRunState.Skipped), Ct);
        release.SetResult();
        return (await run, runner);
    }

    [Fact]
    public async Task Parallel_dispatch_stops_once_spent_plus_reserved_reaches_the_budget_and_overshoots_by_at_most_one_estimate()
    {
        const decimal budget = 2.5m;
        var (result, runner) = await RunHeldAsync(budget, Estimate(SixIndependentChunks()));

        // $0 + $0, $1 and $2 reserved are under $2.50: three start; the fourth sees $3 committed and is refused.
        Assert.Equal(3, runner.JobsFor(AgentRole.Executor).Count);
        Assert.Equal(3.0m, result.CostUsd);
        Assert.True(result.CostUsd <= budget + PerAttempt, $"spent {result.CostUsd}, more than one estimate over {budget}");
        Assert.Equal(3, result.Skipped.Count);
        Assert.All(result.Skipped, s => Assert.StartsWith("budget exhausted: spent $0.00 (+$3.00 reserved by running attempts) of $2.50", s.Reason));
        // Reviews reserve too: none starts once the executors spent the budget.
        Assert.Empty(runner.JobsFor(AgentRole.Reviewer));
        Assert.Equal(BuildRunStatus.CompletedWithFailures, result.Status);
        Assert.StartsWith("stopped by the budget (budget exhausted:", result.Summary);
        Assert.Equal("budget exhausted: spent $0.00 (+$3.00 reserved by running attempts) of $2.50", result.StopReason);
        Assert.Equal(12m, result.CostEstimate!.LowUsd);
    }

    [Fact]
    public async Task Without_an_estimate_nothing_is_reserved_and_every_parallel_agent_starts_on_the_same_reading()
    {
        // The contrast: reading only what was spent, all six start before any spends, and the run ends $3.50 over.
        var (result, runner) = await RunHeldAsync(2.5m, estimate: null);

        Assert.Equal(6, runner.JobsFor(AgentRole.Executor).Count);
        Assert.Equal(6.0m, result.CostUsd);
    }

    [Fact]
    public async Task Failed_attempts_count_against_the_budget_and_their_retries_reserve_again()
    {
        using var harness = new BuildLoopHarness();
        var chunks = new[] { Chunk("c1") };
        var runner = new ScriptedAgentRunner { CostPerCall = PerAttempt }
            .Executor("c1", ScriptedStep.Blocked("first try failed"), ScriptedStep.Blocked("second try failed"), ScriptedStep.Done("third"));

        var result = await harness.RunAsync(runner, BuildLoopHarness.Input(chunks),
            new BuildOptions { BudgetUsd = 1.5m, CostEstimate = Estimate(chunks) }, cancellationToken: Ct);

        // The failed first attempt cost $1 and counts: the retry starts ($1 spent < $1.50) and spends; the third is
        // refused at $2 spent.
        Assert.Equal(2, runner.JobsFor(AgentRole.Executor).Count);
        Assert.Equal(2.0m, result.CostUsd);
        Assert.Equal("budget exhausted: spent $2.00 of $1.50", result.StopReason);
        Assert.Equal(BuildRunStatus.Failed, result.Status);
    }

    [Fact]
    public async Task Attempts_whose_runner_reports_tokens_but_no_price_count_at_their_estimate()
    {
        // Codex reports tokens, never a price: counted at $0, a budget would never stop such a run.
        using var harness = new BuildLoopHarness();
        var chunks = new[] { Chunk("c1") };
        var runner = new ScriptedAgentRunner { CostPerCall = 0m }
            .Executor("c1", ScriptedStep.Blocked("first try failed"), ScriptedStep.Blocked("second try failed"), ScriptedStep.Done("third"));

        var result = await harness.RunAsync(runner, BuildLoopHarness.Input(chunks),
            new BuildOptions { BudgetUsd = 1.5m, CostEstimate = Estimate(chunks) }, cancellationToken: Ct);

        Assert.Equal(2, runner.JobsFor(AgentRole.Executor).Count);
        Assert.Equal(0m, result.CostUsd);
        Assert.Equal("budget exhausted: spent $2.00 ($2.00 of it estimated for attempts whose runner reports no price) of $1.50", result.StopReason);
    }
}
