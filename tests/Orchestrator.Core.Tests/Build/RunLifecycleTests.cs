using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Journal.Events;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Testing;
using static Orchestrator.Testing.TestChunks;

namespace Orchestrator.Core.Tests.Build;

public sealed class RunLifecycleTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_hanging_agent_times_out_as_TimedOut_not_Cancelled(bool ignoresCancellation)
    {
        using var harness = new BuildLoopHarness();
        var hang = ignoresCancellation ? ScriptedStep.HangIgnoringCancellation() : ScriptedStep.Hang();
        var runner = new ScriptedAgentRunner().Executor("c1", hang, ScriptedStep.Done());

        var result = await harness.RunAsync(runner, BuildLoopHarness.Input([Chunk("c1")]), new BuildOptions { AgentTimeout = TimeSpan.FromMilliseconds(150), AgentStopGrace = TimeSpan.FromMilliseconds(200) }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(BuildRunStatus.Completed, result.Status);
        var first = result.Attempts[0];
        Assert.Equal(AttemptOutcome.TimedOut, first.Outcome);
        Assert.StartsWith("agent timed out after", first.Reason);
        var chunk = result.PerChunk.Single();
        Assert.True(chunk.Ok);
        Assert.Equal(2, chunk.Attempts);
        Assert.Contains("Reported blocker: agent timed out", runner.JobsFor(AgentRole.Executor)[1].Prompt);
    }

    [Fact]
    public async Task Cancel_stops_running_agents_records_them_and_leaves_a_resumable_run()
    {
        using var harness = new BuildLoopHarness();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var runner = new ScriptedAgentRunner()
            .Executor("c2", ScriptedStep.Hang())
            .Executor("c3", ScriptedStep.HangIgnoringCancellation());
        var input = BuildLoopHarness.Input([Chunk("c1"), Chunk("c2"), Chunk("c3")], [Chunk("c4")]);

        // c3's runner ignores cancellation: the engine waits only this long for it to stop.
        var run = harness.RunAsync(runner, input, new BuildOptions { AgentStopGrace = TimeSpan.FromMilliseconds(200) }, cancellationToken: cts.Token);
        await runner.WaitForJobAsync(j => j.ChunkId == "c2").WaitAsync(TestContext.Current.CancellationToken);
        await runner.WaitForJobAsync(j => j.ChunkId == "c3").WaitAsync(TestContext.Current.CancellationToken);
        await cts.CancelAsync();
        var result = await run;

        Assert.Equal(BuildRunStatus.Cancelled, result.Status);
        Assert.Equal("cancelled", result.StopReason);
        Assert.Equal(
            [AttemptOutcome.Cancelled, AttemptOutcome.Cancelled],
            result.Attempts.Where(a => a.ChunkId is "c2" or "c3").Select(a => a.Outcome));
        Assert.Empty(runner.JobsFor(AgentRole.Executor, "c4"));
        Assert.Empty(runner.JobsFor(AgentRole.Reviewer));
        var snapshot = RunJournal.ReadSnapshot(harness.RunDirectory)!;
        Assert.Equal(BuildRunStatus.Cancelled, snapshot.Status);
        Assert.Equal(ChunkRunState.Succeeded, snapshot.Chunks.Single(c => c.Id == "c1").State);
        Assert.Equal(ChunkRunState.Cancelled, snapshot.Chunks.Single(c => c.Id == "c2").State);
        Assert.Equal(ChunkRunState.Pending, snapshot.Chunks.Single(c => c.Id == "c4").State);
        Assert.Equal(BuildRunStatus.Cancelled, RunJournal.ReadResult(harness.RunDirectory)!.Status);

        var resumedRunner = new ScriptedAgentRunner();
        var resumed = await new BuildLoop(resumedRunner, TimeProvider.System).ResumeAsync(harness.RunDirectory, null, null, TestContext.Current.CancellationToken);

        Assert.Equal(BuildRunStatus.Completed, resumed.Status);
        Assert.Equal(["c2", "c3", "c4"], resumedRunner.JobsFor(AgentRole.Executor).Select(j => j.ChunkId).Order());
        Assert.Equal(4, resumed.PerChunk.Count(p => p.Ok));
        Assert.Equal(["c1", "c2", "c3", "c4"], resumed.Clean);
    }

    [Fact]
    public async Task The_budget_stops_new_attempts_and_skips_the_rest()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner { CostPerCall = 1.0m };
        var input = BuildLoopHarness.Input([Chunk("c1")], [Chunk("c2")], [Chunk("c3")], [Chunk("c4")]);

        var result = await harness.RunAsync(runner, input, new BuildOptions { BudgetUsd = 2.0m }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(BuildRunStatus.CompletedWithFailures, result.Status);
        Assert.Equal("budget exhausted: spent $2.00 of $2.00", result.StopReason);
        Assert.Equal(2, runner.Jobs.Count);
        Assert.Equal(2.0m, result.CostUsd);
        Assert.Equal(
            [new SkippedChunk("c3", "budget exhausted: spent $2.00 of $2.00"), new SkippedChunk("c4", "budget exhausted: spent $2.00 of $2.00")],
            result.Skipped);
        Assert.Empty(result.Clean);
        Assert.Empty(runner.JobsFor(AgentRole.Reviewer));
    }

    [Fact]
    public async Task Resume_after_a_crash_reruns_only_unfinished_attempts()
    {
        using var harness = new BuildLoopHarness();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var runner = new ScriptedAgentRunner()
            .Executor("c2", ScriptedStep.Blocked("flaky"), ScriptedStep.Hang())
            .Executor("c3", ScriptedStep.Hang());
        var input = BuildLoopHarness.Input([Chunk("c1"), Chunk("c2"), Chunk("c3")], [Chunk("c4", dependsOn: ["c1"])]);

        var events = new RunEventBroadcaster(TimeProvider.System);
        var run = harness.RunAsync(runner, input, events: events, cancellationToken: cts.Token);
        await BuildLoopHarness.WaitForAsync(
            events,
            s => s.Chunks.Count(c => c.State == ChunkRunState.Succeeded) == 2 && s.Chunks.Count(c => c.State == ChunkRunState.Running) == 2 && s.Chunks.Single(c => c.Id == "c2").Attempts == 2,
            TestContext.Current.CancellationToken);

        // The crash image: the journal as it is while c2 (attempt 2) and c3 are running, plus a torn last line.
        var crashDirectory = Path.Combine(harness.Root, "runs", "crashed");
        Directory.CreateDirectory(crashDirectory);
        var journal = await File.ReadAllTextAsync(RunJournal.PathIn(harness.RunDirectory), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(RunJournal.PathIn(crashDirectory), journal + "{\"seq\":999,\"ts\":\"2026-", TestContext.Current.CancellationToken);
        await cts.CancelAsync();
        await run;

        var crashed = RunJournal.ReadSnapshot(crashDirectory)!;
        Assert.Equal(BuildRunStatus.Running, crashed.Status);
        Assert.Equal(ChunkRunState.Running, crashed.Chunks.Single(c => c.Id == "c2").State);
        var executorDispatchesBefore = RunJournal.ReadEvents(crashDirectory).Count(e => e.Type == RunEventTypes.AttemptStarted);

        var resumedRunner = new ScriptedAgentRunner();
        var result = await new BuildLoop(resumedRunner, TimeProvider.System).ResumeAsync(crashDirectory, null, null, TestContext.Current.CancellationToken);

        Assert.Equal(BuildRunStatus.Completed, result.Status);
        var executors = resumedRunner.JobsFor(AgentRole.Executor);
        Assert.Equal(["c2", "c3"], executors.Select(j => j.ChunkId).Order());
        Assert.Equal(2, executors.Single(j => j.ChunkId == "c2").Attempt);
        Assert.Contains("Attempt 1 did not complete. Reported blocker: flaky", executors.Single(j => j.ChunkId == "c2").Prompt);
        Assert.DoesNotContain(resumedRunner.Jobs, j => j.Role == AgentRole.Executor && j.ChunkId is "c1" or "c4");
        Assert.Equal(2, result.PerChunk.Single(p => p.ChunkId == "c2").Attempts);
        Assert.True(result.PerChunk.All(p => p.Ok));
        Assert.Equal(4, resumedRunner.JobsFor(AgentRole.Reviewer).Count);

        var after = RunJournal.ReadEvents(crashDirectory);
        Assert.Equal(Enumerable.Range(1, after.Count).Select(i => (long)i), after.Select(e => e.Seq));
        Assert.Equal(executorDispatchesBefore + 2 + 4, after.Count(e => e.Type == RunEventTypes.AttemptStarted));
        Assert.Single(after, e => e is ChunkSucceeded { ChunkId: "c1" });
    }

    [Fact]
    public async Task Resuming_a_finished_run_dispatches_nothing()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner().Reviewer("c1", ScriptedStep.Findings(new ReviewFinding("c1", FindingSeverity.Blocker, "bad")), ScriptedStep.Clean());
        var first = await harness.RunAsync(runner, BuildLoopHarness.Input([Chunk("c1")]), cancellationToken: TestContext.Current.CancellationToken);

        var again = new ScriptedAgentRunner();
        var resumed = await new BuildLoop(again, TimeProvider.System).ResumeAsync(harness.RunDirectory, null, null, TestContext.Current.CancellationToken);

        Assert.Empty(again.Jobs);
        Assert.Equal(BuildLoopHarness.Json(first with { DurationMs = 0 }), BuildLoopHarness.Json(resumed with { DurationMs = 0 }));
    }

    [Fact]
    public async Task Resuming_with_a_larger_budget_continues_where_the_budget_stopped()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner { CostPerCall = 1.0m };
        var input = BuildLoopHarness.Input([Chunk("c1")], [Chunk("c2")]);
        var stopped = await harness.RunAsync(runner, input, new BuildOptions { BudgetUsd = 1.0m }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("budget exhausted: spent $1.00 of $1.00", stopped.StopReason);

        var more = new ScriptedAgentRunner { CostPerCall = 1.0m };
        var resumed = await new BuildLoop(more, TimeProvider.System).ResumeAsync(harness.RunDirectory, new BuildOptions { BudgetUsd = 10m }, null, TestContext.Current.CancellationToken);

        Assert.Null(resumed.StopReason);
        Assert.Equal(["c2"], more.JobsFor(AgentRole.Executor).Select(j => j.ChunkId));
        Assert.Equal(["c1", "c2"], resumed.Clean);
        Assert.Equal(4.0m, resumed.CostUsd);
    }

    [Fact]
    public async Task Resume_from_a_journal_truncated_after_an_attempt_started_line_reruns_only_that_attempt_and_what_follows()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner().Executor("c2", ScriptedStep.Blocked("first"), ScriptedStep.Done("second"));
        var input = BuildLoopHarness.Input([Chunk("c1")], [Chunk("c2")], [Chunk("c3")]);
        await harness.RunAsync(runner, input, new BuildOptions { MaxParallel = 1 }, cancellationToken: TestContext.Current.CancellationToken);

        // Simulate a kill -9 right after c2's second attempt was made durable: keep the journal up to that line.
        var lines = File.ReadAllLines(RunJournal.PathIn(harness.RunDirectory));
        var cut = Array.FindIndex(lines, l => l.Contains("\"type\":\"attempt.started\"") && l.Contains("\"key\":\"exec:0:c2:2\""));
        File.WriteAllText(RunJournal.PathIn(harness.RunDirectory), string.Join("\n", lines.Take(cut + 1)) + "\n");
        File.Delete(Path.Combine(harness.RunDirectory, RunJournal.ResultFileName));

        var resumedRunner = new ScriptedAgentRunner();
        var result = await new BuildLoop(resumedRunner, TimeProvider.System).ResumeAsync(harness.RunDirectory, null, null, TestContext.Current.CancellationToken);

        Assert.Equal(
            [(AgentRole.Executor, "c2", 2), (AgentRole.Executor, "c3", 1)],
            resumedRunner.JobsFor(AgentRole.Executor).Select(j => (j.Role, j.ChunkId!, j.Attempt)));
        Assert.Equal(3, resumedRunner.JobsFor(AgentRole.Reviewer).Count);
        Assert.Equal(2, result.PerChunk.Single(p => p.ChunkId == "c2").Attempts);
        Assert.Equal(["c1", "c2", "c3"], result.Clean);
        Assert.NotNull(RunJournal.ReadResult(harness.RunDirectory));
    }

    [Fact]
    public async Task Options_replaced_on_resume_hold_for_later_resumes()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner { CostPerCall = 1.0m };
        var input = BuildLoopHarness.Input([Chunk("c1")], [Chunk("c2")], [Chunk("c3")]);
        await harness.RunAsync(runner, input, new BuildOptions { BudgetUsd = 1.0m }, cancellationToken: TestContext.Current.CancellationToken);
        var second = await new BuildLoop(new ScriptedAgentRunner { CostPerCall = 1.0m }, TimeProvider.System)
            .ResumeAsync(harness.RunDirectory, new BuildOptions { BudgetUsd = 2.0m }, null, TestContext.Current.CancellationToken);
        Assert.Equal("budget exhausted: spent $2.00 of $2.00", second.StopReason);

        var third = new ScriptedAgentRunner { CostPerCall = 1.0m };
        var result = await new BuildLoop(third, TimeProvider.System).ResumeAsync(harness.RunDirectory, null, null, TestContext.Current.CancellationToken);

        Assert.Equal("budget exhausted: spent $2.00 of $2.00", result.StopReason);
        Assert.Empty(third.Jobs);
    }
}
