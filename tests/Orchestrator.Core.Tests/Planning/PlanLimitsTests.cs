using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Scheduling;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Tests.Planning;

/// <summary>
/// Huge and deep plans: refused by a named limit, and the graph walks themselves never recurse (they run here on a
/// thread with a 256 KiB stack, where a recursive walk over a 50,000-deep chain overflows). No speed is asserted here
/// (a loaded machine would make that flake): each walk has a generous hang guard, and the timings are figures of
/// <c>bench/Orchestrator.Bench plans</c> in docs/benchmarks.md.
/// </summary>
public sealed class PlanLimitsTests
{
    private static readonly ChunkPlanLimits Unlimited = new() { MaxChunks = int.MaxValue, MaxDependencyLinks = int.MaxValue };

    // "No hang" (a quadratic walk over these plans would run for many minutes), not a speed target: each takes well
    // under a second on an idle machine.
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    [Fact]
    public void A_40000_chunk_dependsOn_chain_is_refused_by_the_chunk_limit_alone()
    {
        var result = OnSmallStack(() => ChunkPlanValidator.ValidateChunks(Chain(40_000), null));

        Assert.False(result.IsValid);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(ChunkPlanProblemKind.LimitExceeded, problem.Kind);
        Assert.Contains("40,000 chunks, over the limit of 2,000 chunks per plan", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_50000_deep_chain_is_validated_without_recursion_when_the_limits_allow_it()
    {
        var (result, levels) = OnSmallStack(() =>
        {
            var validated = ChunkPlanValidator.ValidateChunks(Chain(50_000), null, Unlimited);
            return (validated, validated.Plan?.Levels().Count);
        });

        Assert.True(result.IsValid, result.Describe());
        Assert.Equal(50_000, levels);
    }

    [Fact]
    public void A_cycle_closing_a_50000_deep_chain_is_found_and_shown_short()
    {
        var chunks = Chain(50_000).ToList();
        chunks[0] = chunks[0] with { DependsOn = ["c50000"] };

        var result = OnSmallStack(() => ChunkPlanValidator.ValidateChunks(chunks, null, Unlimited));

        var cycle = Assert.Single(result.Problems, p => p.Kind == ChunkPlanProblemKind.DependencyCycle);
        Assert.Contains("more) ->", cycle.Message, StringComparison.Ordinal);
        Assert.True(cycle.Message.Length < 1_000, $"message is {cycle.Message.Length} characters");
    }

    [Fact]
    public void Ten_thousand_independent_chunks_validate_when_unlimited_and_are_refused_by_default()
    {
        var chunks = Enumerable.Range(1, 10_000)
            .Select(i => new ChunkDefinition { Id = $"c{i}", Scope = "s", Files = [$"src/f{i}.cs"], DependsOn = [] })
            .ToList();

        var unlimited = OnSmallStack(() => ChunkPlanValidator.ValidateChunks(chunks, null, Unlimited));
        var byDefault = ChunkPlanValidator.ValidateChunks(chunks, null);

        Assert.True(unlimited.IsValid, unlimited.Describe());
        Assert.Contains("over the limit of 2,000 chunks", Assert.Single(byDefault.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Implicit_wave_dependencies_are_counted_before_they_are_built()
    {
        // 1,500 waves of one chunk: 1,124,250 implicit links.
        var waves = Enumerable.Range(1, 1_500).Select(i => (IReadOnlyList<ChunkDefinition>)[new ChunkDefinition { Id = $"c{i}", Scope = "s" }]).ToList();

        var result = ChunkPlanValidator.ValidateWaves(waves, null);

        Assert.Contains("1,124,250 dependency links, over the limit of 200,000", Assert.Single(result.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Per_chunk_limits_name_the_limit_and_the_echo_is_truncated()
    {
        var huge = new string('x', 10_000_000);
        var result = ChunkPlanValidator.ValidateChunks(
        [
            new ChunkDefinition { Id = "c1", Scope = huge, Files = Enumerable.Range(0, 501).Select(i => $"f{i}").ToList() },
            new ChunkDefinition { Id = "c2", Scope = "s", Files = [new string('p', 2_000)], DependsOn = Enumerable.Range(0, 201).Select(_ => "c1").ToList() },
        ], null);

        var messages = result.Problems.Select(p => p.Message).ToList();
        Assert.Contains(messages, m => m.Contains("501 files, over the limit of 500 files per chunk", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("scope of 10,000,000 characters", StringComparison.Ordinal) && m.Contains("limit of 4,000", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("path of 2,000 characters", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("201 dependsOn entries, over the limit of 200", StringComparison.Ordinal));
        Assert.All(messages, m => Assert.True(m.Length < 1_000, $"message is {m.Length} characters"));
    }

    [Fact]
    public void At_most_50_problems_are_reported_at_once()
    {
        var chunks = Enumerable.Range(1, 300).Select(i => new ChunkDefinition { Id = $"c{i}", Scope = "", Files = ["a.cs"], DependsOn = [] }).ToList();

        var result = ChunkPlanValidator.ValidateChunks(chunks, null);

        Assert.Equal(51, result.Problems.Count);
        Assert.Contains("more problem(s) not listed", result.Problems[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_scheduler_orders_a_50000_deep_chain_without_recursion()
    {
        var plan = ChunkPlanValidator.ValidateChunks(Chain(50_000), null, Unlimited).Plan!;
        var ran = 0;

        var outcomes = await OnSmallStack(() => new DagScheduler(4, SchedulingMode.Dag).RunAsync(
            plan,
            (_, _) => { Interlocked.Increment(ref ran); return Task.FromResult(new ChunkRunOutcome(ChunkRunState.Succeeded, null)); },
            _ => null,
            (_, _) => { },
            TestContext.Current.CancellationToken)).WaitAsync(HangGuard, TestContext.Current.CancellationToken);

        Assert.Equal(50_000, ran);
        Assert.All(outcomes.Values, o => Assert.Equal(ChunkRunState.Succeeded, o.State));
    }

    private static List<ChunkDefinition> Chain(int length) =>
        Enumerable.Range(1, length)
            .Select(i => new ChunkDefinition { Id = $"c{i}", Scope = "s", Files = [$"src/f{i}.cs"], DependsOn = i == 1 ? [] : [$"c{i - 1}"] })
            .ToList();

    private static T OnSmallStack<T>(Func<T> work)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }, maxStackSize: 256 * 1024);
        thread.Start();
        Assert.True(thread.Join(HangGuard), $"the walk did not end within {HangGuard.TotalMinutes} minutes");
        return failure is null ? result : throw new InvalidOperationException("the work failed", failure);
    }
}
