using Orchestrator.Core.Agents;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Journal.Events;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Scheduling;
using Orchestrator.Testing;
using static Orchestrator.Testing.TestChunks;

namespace Orchestrator.Core.Tests.Build;

public sealed class DagSchedulingTests
{
    [Fact]
    public async Task A_failed_chunk_skips_its_dependents_transitively()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner().Executor("c1", ScriptedStep.Blocked("nope"));
        var input = BuildLoopHarness.Input(
            [Chunk("c1"), Chunk("c4")],
            [Chunk("c2", dependsOn: ["c1"])],
            [Chunk("c3", dependsOn: ["c2"]), Chunk("c5", dependsOn: ["c4"])]);

        var result = await harness.RunAsync(runner, input, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(
            [new SkippedChunk("c2", "dependency failed: c1"), new SkippedChunk("c3", "dependency failed: c2")],
            result.Skipped);
        Assert.Empty(runner.JobsFor(AgentRole.Executor, "c2"));
        Assert.Empty(runner.JobsFor(AgentRole.Executor, "c3"));
        Assert.True(result.PerChunk.Single(p => p.ChunkId == "c5").Ok);
        Assert.Equal(["c1", "c4", "c5"], result.PerChunk.Select(p => p.ChunkId));
        var snapshot = RunJournal.ReadSnapshot(harness.RunDirectory)!;
        Assert.Equal(ChunkRunState.Skipped, snapshot.Chunks.Single(c => c.Id == "c3").State);
        Assert.Equal("dependency failed: c2", snapshot.Chunks.Single(c => c.Id == "c3").SkipReason);
    }

    [Fact]
    public async Task Chunks_without_dependsOn_wait_for_every_chunk_of_earlier_waves()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner().Executor("c2", ScriptedStep.Blocked("nope"));
        var input = BuildLoopHarness.Input([Chunk("c1"), Chunk("c2")], [Chunk("c3")]);

        var result = await harness.RunAsync(runner, input, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([new SkippedChunk("c3", "dependency failed: c2")], result.Skipped);
    }

    [Fact]
    public async Task Dag_mode_starts_a_chunk_before_an_unrelated_slow_chunk_of_the_previous_wave_finishes()
    {
        using var harness = new BuildLoopHarness();
        var slow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runner = new ScriptedAgentRunner().Executor("slow", ScriptedStep.Done().After(slow.Task));
        var input = BuildLoopHarness.Input([Chunk("slow"), Chunk("fast")], [Chunk("next", dependsOn: ["fast"])]);

        var run = harness.RunAsync(runner, input, cancellationToken: TestContext.Current.CancellationToken);
        var next = await runner.WaitForJobAsync(j => j.ChunkId == "next" && j.Role == AgentRole.Executor).WaitAsync(TestContext.Current.CancellationToken);
        slow.SetResult();
        var result = await run;

        Assert.Equal("next", next.ChunkId);
        Assert.True(result.PerChunk.All(p => p.Ok));
        var events = harness.Events();
        var nextStarted = events.OfType<AttemptStarted>().First(e => e.Key == "exec:0:next:1").Seq;
        var slowFinished = events.OfType<AttemptFinished>().First(e => e.Key == "exec:0:slow:1").Seq;
        Assert.True(nextStarted < slowFinished, "in DAG mode 'next' must start while 'slow' still runs");
    }

    [Fact]
    public async Task Waves_mode_keeps_the_barrier()
    {
        using var harness = new BuildLoopHarness();
        var slow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runner = new ScriptedAgentRunner().Executor("slow", ScriptedStep.Done().After(slow.Task));
        var input = BuildLoopHarness.Input([Chunk("slow"), Chunk("fast")], [Chunk("next", dependsOn: ["fast"])]);

        var run = harness.RunAsync(runner, input, new BuildOptions { Mode = SchedulingMode.Waves }, cancellationToken: TestContext.Current.CancellationToken);

        // Wait until the fast chunk finished, then release the slow one: "next" may only start after that.
        await runner.WaitForJobAsync(j => j.ChunkId == "fast").WaitAsync(TestContext.Current.CancellationToken);
        await runner.WaitForJobAsync(j => j.ChunkId == "slow").WaitAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain(runner.Jobs, j => j.ChunkId == "next");
        slow.SetResult();
        var result = await run;

        Assert.True(result.PerChunk.All(p => p.Ok));
        var events = harness.Events();
        var nextStarted = events.OfType<AttemptStarted>().First(e => e.Key == "exec:0:next:1").Seq;
        var slowFinished = events.OfType<AttemptFinished>().First(e => e.Key == "exec:0:slow:1").Seq;
        Assert.True(nextStarted > slowFinished, "in waves mode 'next' must wait for the whole previous wave");
    }

    [Theory]
    [InlineData(3, 3)]
    [InlineData(1, 1)]
    [InlineData(0, 10)]
    public async Task MaxParallel_is_respected(int maxParallel, int expectedConcurrent)
    {
        using var harness = new BuildLoopHarness();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runner = new ScriptedAgentRunner().When(j => j.Role == AgentRole.Executor, ScriptedStep.Done().After(gate.Task));
        var chunks = Enumerable.Range(1, 10).Select(i => Chunk($"c{i}")).ToArray();

        var run = harness.RunAsync(runner, BuildLoopHarness.Input(chunks), new BuildOptions { MaxParallel = maxParallel }, cancellationToken: TestContext.Current.CancellationToken);

        // Hold every executor until the limit is reached, so the observed maximum is exactly the limit.
        await runner.WaitForJobAsync(_ => runner.JobsFor(AgentRole.Executor).Count >= expectedConcurrent).WaitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(expectedConcurrent, runner.JobsFor(AgentRole.Executor).Count);
        gate.SetResult();
        var result = await run;

        Assert.Equal(expectedConcurrent, runner.MaxConcurrent);
        Assert.Equal(10, result.PerChunk.Count(p => p.Ok));
    }
}
