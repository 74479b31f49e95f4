using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Verification;
using Orchestrator.Core.Close.Verification;
using Orchestrator.Core.Planning;
using Orchestrator.Testing;
using static Orchestrator.Testing.TestChunks;

namespace Orchestrator.Core.Tests.Build.Verdicts;

/// <summary>A run that ends with failed work says so, and close judges its chunks exactly as the build did.</summary>
public sealed class RunVerdictTests
{
    [Fact]
    public async Task A_chunk_failing_all_attempts_ends_the_run_completed_with_failures_and_the_summary_leads_with_it()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner()
            .Executor("c2", ScriptedStep.Blocked("b1"), ScriptedStep.Blocked("b2"), ScriptedStep.Blocked("no fixture for the parser"));

        var result = await harness.RunAsync(runner, BuildLoopHarness.Input([Chunk("c1"), Chunk("c2"), Chunk("c3"), Chunk("c4")]), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(BuildRunStatus.CompletedWithFailures, result.Status);
        Assert.Equal("3 of 4 chunk(s) done; c2 failed after 3 attempt(s): no fixture for the parser", result.Summary);
        Assert.Equal([ChunkVerdictStatus.Done, ChunkVerdictStatus.Failed, ChunkVerdictStatus.Done, ChunkVerdictStatus.Done], result.Verdicts.Select(v => v.Status));
        var snapshot = RunJournal.ReadSnapshot(harness.RunDirectory)!;
        Assert.Equal(BuildRunStatus.CompletedWithFailures, snapshot.Status);
        Assert.Equal(RunStatus.CompletedWithFailures, RunStatusRule.Of(snapshot, executing: false));
    }

    [Fact]
    public async Task A_run_where_nothing_succeeded_is_failed()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner().Executor("c1", ScriptedStep.Blocked("x"), ScriptedStep.Blocked("x"), ScriptedStep.Blocked("x"));

        var result = await harness.RunAsync(runner, BuildLoopHarness.Input([Chunk("c1")], [Chunk("c2")]), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(BuildRunStatus.Failed, result.Status);
        Assert.Equal("0 of 2 chunk(s) done; c1 failed after 3 attempt(s): x; c2 not started: dependency failed: c1", result.Summary);
    }

    [Fact]
    public async Task A_chunk_whose_server_run_tests_failed_is_partial_in_the_build_and_in_close()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner().Executor("c1", ScriptedStep.DoneWithTests(false)).Executor("c2", ScriptedStep.DoneWithTests(true));
        var input = BuildLoopHarness.Input([Chunk("c1"), Chunk("c2")]) with { TestsRequired = true };

        var result = await harness.RunAsync(runner, input, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(BuildRunStatus.CompletedWithFailures, result.Status);
        var build = result.Verdicts.ToDictionary(v => v.ChunkId, v => v.Status);
        Assert.Equal(ChunkVerdictStatus.Partial, build["c1"]);
        var snapshot = RunJournal.ReadSnapshot(harness.RunDirectory)!;
        var chunks = snapshot.Chunks.Select(c => new PlannedChunk(c.Id, "scope", [$"src/{c.Id}.cs"], Core.Common.ModelTier.Sonnet, false, null, false, [], 0, 0)).ToList();
        var close = PlanVerifier.Verify(chunks, [new RunEvidence("run-1", result, snapshot, [], null)], null);
        Assert.Equal(build, close.Chunks.ToDictionary(c => c.ChunkId, c => c.Status));
        Assert.Equal("completed_with_failures", new RunEvidence("run-1", result, snapshot, [], null).Status);
    }
}
