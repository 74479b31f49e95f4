using System.Globalization;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Common;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Planning.Costs;
using Orchestrator.Core.Sessions;
using Orchestrator.Testing.FakeModelApis;
using static Orchestrator.Core.Tests.AgentClis.ClaudeRunnerBuildLoopTests;
using static Orchestrator.Testing.TestChunks;

namespace Orchestrator.Core.Tests.AgentClis;

/// <summary>
/// budget_usd with the real <c>claude</c> against the loopback fake Anthropic API, whose usage Claude prices, so every
/// figure is a real cost: a first run gives the project its history, the estimate is made from it, and a budget of
/// two and a half attempts stops four parallel chunks after three, within one attempt's estimate.
/// </summary>
public sealed class ClaudeBudgetRunTests
{
    private static readonly BuildOptions ShortRun = new() { AgentTimeout = TimeSpan.FromSeconds(90), MaxParallel = 4 };

    private static FakeTurnScript WritesAndIsDone(FakeTurnScript script, string chunkId) => script.EnqueueFor(Executor(chunkId),
        FakeTurn.ClaudeWriteInWorkingDirectory($"{chunkId}.txt", $"{chunkId}\n"),
        FakeTurn.ClaudeStructuredOutput(new { status = "done", summary = $"wrote {chunkId}.txt" }));

    [Fact]
    public async Task A_budget_stops_parallel_dispatch_within_one_attempts_estimate_and_the_result_has_estimated_and_actual()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartApiAsync();
        await using var trap = AgentCliLoopback.StartTrap();

        // History: what one real executor attempt of this shape costs, as close's metrics line records it.
        using var earlier = new RealAgentBuild();
        WritesAndIsDone(api.Script, "c0").EnqueueFor(Reviewer("c0"), FakeTurn.ClaudeStructuredOutput(new { findings = Array.Empty<object>() }));
        var first = await earlier.RunAsync(RunnerKind.Claude, ClaudeOptions(api, trap, earlier), RealAgentBuild.Input(false, [Chunk("c0", files: ["c0.txt"])]), ShortRun, ct);
        Assert.True(first.Status == BuildRunStatus.Completed, Describe(first, earlier));
        var attemptCost = first.Attempts.Single(a => a.Role == AgentRole.Executor).CostUsd;
        Assert.True(attemptCost > 0, "the fake's usage should be priced by Claude");

        using var build = new RealAgentBuild();
        var metrics = Directory.CreateDirectory(Path.Combine(build.Root, ".orchestrator", "metrics")).FullName;
        var line = """{"session_id":"earlier","runner":"claude","agents_dispatched":1,"executor_attempts":1,"chunks_done":1,"tiers":{"sonnet":{"attempts":1,"cost_usd":COST}}}""";
        await File.WriteAllTextAsync(Path.Combine(metrics, "sessions.jsonl"), line.Replace("COST", attemptCost.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal) + "\n", ct);
        ChunkDefinition[] chunks = [.. new[] { "c1", "c2", "c3", "c4" }.Select(id => Chunk(id, files: [$"{id}.txt"]))];
        foreach (var chunk in chunks)
        {
            WritesAndIsDone(api.Script, chunk.Id!);
        }

        var project = new ProjectContext(build.Root, build.Root, Path.Combine(build.Root, ".git"));
        var plan = ChunkPlanValidator.ValidateWaves(Waves(chunks), build.Root).Plan!;
        var estimate = await PlanCostEstimates.EstimateAsync(project, plan, RunnerKind.Claude, ct);
        var perAttempt = estimate.PerAttempt(AgentRole.Executor, ModelTier.Sonnet);
        var budget = perAttempt * 2.5m;

        var result = await build.RunAsync(RunnerKind.Claude, ClaudeOptions(api, trap, build), RealAgentBuild.Input(false, chunks),
            ShortRun with { BudgetUsd = budget, CostEstimate = estimate }, ct);

        var detail = Describe(result, build) + $"\nper attempt {perAttempt}, budget {budget}, spent {result.CostUsd}";
        Assert.Equal(Math.Round(attemptCost, 4), perAttempt);
        Assert.StartsWith("sonnet: history of 1 session(s)", estimate.Basis.Split(", ")[1], StringComparison.Ordinal);
        // Three start (0, 1 and 2 estimates committed are under 2.5); the fourth is refused; nothing is reviewed.
        Assert.True(result.Attempts.Count(a => a.Role == AgentRole.Executor) == 3, detail);
        Assert.Single(result.Skipped);
        Assert.StartsWith("budget exhausted: ", result.StopReason, StringComparison.Ordinal);
        Assert.StartsWith("stopped by the budget (budget exhausted: ", result.Summary, StringComparison.Ordinal);
        Assert.Equal(BuildRunStatus.CompletedWithFailures, result.Status);
        Assert.True(result.CostUsd > budget - perAttempt, detail);
        Assert.True(result.CostUsd <= budget + perAttempt, "overshot by more than one attempt's estimate: " + detail);
        // Estimated vs actual, as build_result shows them.
        Assert.Same(estimate, result.CostEstimate);
        Assert.True(result.CostEstimate!.LowUsd > 0 && result.CostEstimate.LowUsd < result.CostEstimate.HighUsd, detail);
        AssertStayedOnLoopback(api, trap, detail);
    }
}
