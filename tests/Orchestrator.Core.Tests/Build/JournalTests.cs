using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Journal.Events;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Common;
using Orchestrator.Testing;
using static Orchestrator.Testing.TestChunks;

namespace Orchestrator.Core.Tests.Build;

public sealed class JournalTests
{
    [Fact]
    public async Task The_journal_rebuilds_the_live_snapshot_mid_run_and_at_the_end()
    {
        using var harness = new BuildLoopHarness();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runner = new ScriptedAgentRunner { CostPerCall = 0.25m }
            .Executor("c1", ScriptedStep.Blocked("first try"), ScriptedStep.Done("ok", "src/c1.cs"))
            .Executor("c3", ScriptedStep.Done().After(gate.Task))
            .Reviewer("c2", ScriptedStep.Findings(new ReviewFinding("c2", FindingSeverity.Blocker, "broken")), ScriptedStep.Findings(new ReviewFinding("c2", FindingSeverity.Nit, "style")));
        var events = new RunEventBroadcaster(TimeProvider.System);
        var input = BuildLoopHarness.Input([Chunk("c1"), Chunk("c2"), Chunk("c3")], [Chunk("c4", dependsOn: ["c1"])]);

        var run = harness.RunAsync(runner, input, events: events, cancellationToken: TestContext.Current.CancellationToken);
        await runner.WaitForJobAsync(j => j.ChunkId == "c3").WaitAsync(TestContext.Current.CancellationToken);
        await BuildLoopHarness.WaitForAsync(events, s => s.Chunks.Single(c => c.Id == "c4").State == ChunkRunState.Succeeded, TestContext.Current.CancellationToken);
        var mid = RunJournal.ReadSnapshot(harness.RunDirectory);
        Assert.Equal(BuildLoopHarness.Json(events.Snapshot), BuildLoopHarness.Json(mid));
        Assert.Equal(ChunkRunState.Running, mid!.Chunks.Single(c => c.Id == "c3").State);
        gate.SetResult();
        var result = await run;

        var rebuilt = RunJournal.ReadSnapshot(harness.RunDirectory)!;
        Assert.Equal(BuildLoopHarness.Json(events.Snapshot), BuildLoopHarness.Json(rebuilt));
        Assert.Equal(BuildRunStatus.Completed, rebuilt.Status);
        Assert.Equal(result.CostUsd, rebuilt.CostUsd);
        Assert.Equal(1, rebuilt.Iteration);
        Assert.Equal("style", Assert.Single(rebuilt.Findings).Title);
        Assert.Equal(result.Attempts.Count, rebuilt.Attempts.Count);
        var c1 = rebuilt.Chunks.Single(c => c.Id == "c1");
        Assert.Equal((ChunkRunState.Succeeded, 2, "ok"), (c1.State, c1.Attempts, c1.Summary));
    }

    [Fact]
    public async Task Events_are_numbered_from_one_timestamped_by_the_injected_clock_and_start_with_the_full_input()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        using var harness = new BuildLoopHarness { Time = clock };
        var input = BuildLoopHarness.Input([Chunk("c1", files: ["src/a.cs"], model: "haiku", opusReview: true)], [Chunk("c2")]);

        await harness.RunAsync(new ScriptedAgentRunner(), input, new BuildOptions { MaxParallel = 2, BudgetUsd = 3m }, cancellationToken: TestContext.Current.CancellationToken);

        var events = harness.Events();
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Seq));
        Assert.All(File.ReadAllLines(RunJournal.PathIn(harness.RunDirectory)), line => Assert.Equal("2026-01-02T03:04:05.0000000Z", JsonDocument.Parse(line).RootElement.GetProperty("ts").GetString()));
        Assert.All(events, e => Assert.Equal(clock.GetUtcNow(), e.Timestamp));
        var first = Assert.IsType<RunStarted>(events[0]);
        Assert.Equal(RunEventTypes.RunStarted, first.Type);
        var journalled = first.Input!;
        Assert.Equal("Add a feature", journalled.Description);
        Assert.Equal("# Plan\n1. do things", journalled.Plan);
        Assert.Equal("haiku", journalled.Waves[0][0].Model);
        Assert.True(journalled.Waves[0][0].OpusReview);
        Assert.Equal(["src/a.cs"], journalled.Waves[0][0].Files!);
        Assert.Equal(2, first.Options!.MaxParallel);
        var chunks = first.Chunks!;
        Assert.Equal(ModelTier.Haiku, chunks[0].Tier);
        Assert.Equal("c1", chunks[1].Dependencies[0]);
        Assert.Equal(3m, first.Options.BudgetUsd);
        Assert.Equal(RunEventTypes.RunFinished, events[^1].Type);
        var started = events.OfType<AttemptStarted>().First();
        Assert.Equal("exec:0:c1:1", started.Key);
        Assert.Equal(ModelTier.Haiku, started.Tier);
        Assert.Equal(AgentRole.Executor, started.Role);
        var line = JsonDocument.Parse(File.ReadAllLines(RunJournal.PathIn(harness.RunDirectory))[started.Seq - 1]).RootElement;
        Assert.Equal(("haiku", "executor"), (line.GetProperty("tier").GetString(), line.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task Attempt_started_is_durable_before_the_agent_is_dispatched()
    {
        using var harness = new BuildLoopHarness();
        string? journalAtDispatch = null;
        var runner = new ScriptedAgentRunner();
        var probe = new ProbeRunner(runner, () => journalAtDispatch = File.ReadAllText(RunJournal.PathIn(harness.RunDirectory)));

        await new BuildLoop(probe, TimeProvider.System).RunAsync(harness.Request(BuildLoopHarness.Input([Chunk("c1")])), null, TestContext.Current.CancellationToken);

        Assert.NotNull(journalAtDispatch);
        var lastLine = journalAtDispatch!.TrimEnd('\n').Split('\n')[^1];
        Assert.Contains("\"type\":\"attempt.started\"", lastLine);
        Assert.Contains("\"key\":\"exec:0:c1:1\"", lastLine);
    }

    [Fact]
    public void A_torn_last_line_is_ignored_on_read()
    {
        using var harness = new BuildLoopHarness();
        Directory.CreateDirectory(harness.RunDirectory);
        File.WriteAllText(
            RunJournal.PathIn(harness.RunDirectory),
            "{\"seq\":1,\"ts\":\"2026-01-01T00:00:00Z\",\"type\":\"run.started\",\"runId\":\"r\",\"input\":{\"waves\":[[{\"id\":\"c1\"}]]}}\n{\"seq\":2,\"ts\":\"2026-01-01T00:00:0");

        var events = RunJournal.ReadEvents(harness.RunDirectory);

        Assert.Single(events);
        var snapshot = RunJournal.ReadSnapshot(harness.RunDirectory)!;
        Assert.Equal(("r", 1L, BuildRunStatus.Running), (snapshot.RunId, snapshot.LastSeq, snapshot.Status));
        Assert.Equal(ChunkRunState.Pending, Assert.Single(snapshot.Chunks).State);
    }

    [Fact]
    public async Task Resuming_without_a_readable_journal_is_a_failed_result_not_an_exception()
    {
        using var harness = new BuildLoopHarness();
        var loop = new BuildLoop(new ScriptedAgentRunner(), TimeProvider.System);

        var missing = await loop.ResumeAsync(harness.RunDirectory, null, null, TestContext.Current.CancellationToken);
        Directory.CreateDirectory(harness.RunDirectory);
        File.WriteAllText(RunJournal.PathIn(harness.RunDirectory), "{\"seq\":1,\"ts\":\"2026-01-01T00:00:00Z\",\"type\":\"run.started\",\"runId\":\"r\",\"input\":{\"waves\":7}}\n");
        var unreadable = await loop.ResumeAsync(harness.RunDirectory, null, null, TestContext.Current.CancellationToken);

        Assert.Equal(BuildRunStatus.Failed, missing.Status);
        Assert.Contains("no resumable run", missing.StopReason);
        Assert.Equal(BuildRunStatus.Failed, unreadable.Status);
        Assert.Contains("does not hold a readable input", unreadable.StopReason);
    }

    [Fact]
    public async Task An_invalid_plan_ends_the_run_as_failed_with_the_problems()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner();

        var result = await harness.RunAsync(runner, BuildLoopHarness.Input([Chunk("c1", dependsOn: ["c2"]), Chunk("c2", dependsOn: ["c1"])]), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(BuildRunStatus.Failed, result.Status);
        Assert.StartsWith("invalid plan: dependency cycle: ", result.StopReason);
        Assert.Empty(runner.Jobs);
        Assert.Equal(BuildRunStatus.Failed, RunJournal.ReadSnapshot(harness.RunDirectory)!.Status);
    }

    [Fact]
    public async Task Events_after_a_cursor_and_a_long_poll_that_wakes_on_the_next_event()
    {
        using var harness = new BuildLoopHarness();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runner = new ScriptedAgentRunner().Executor("c1", ScriptedStep.Done().After(gate.Task));
        var events = new RunEventBroadcaster(TimeProvider.System);

        var run = harness.RunAsync(runner, BuildLoopHarness.Input([Chunk("c1")]), events: events, cancellationToken: TestContext.Current.CancellationToken);
        await runner.WaitForJobAsync(j => j.ChunkId == "c1").WaitAsync(TestContext.Current.CancellationToken);
        var cursor = events.LastSeq;
        var poll = events.WaitForEventsAfterAsync(cursor, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.False(poll.IsCompleted);
        gate.SetResult();
        var next = await poll;
        await run;

        Assert.Equal(cursor + 1, next[0].Seq);
        Assert.Equal(RunEventTypes.AttemptFinished, next[0].Type);
        Assert.Equal(
            RunJournal.ReadEvents(harness.RunDirectory, cursor).Select(e => e.Seq),
            events.EventsAfter(cursor).Select(e => e.Seq));
        Assert.Empty(await events.WaitForEventsAfterAsync(events.LastSeq, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_long_poll_returns_empty_when_its_wait_elapses()
    {
        var events = new RunEventBroadcaster(TimeProvider.System);

        var result = await events.WaitForEventsAfterAsync(0, TimeSpan.FromMilliseconds(20), TestContext.Current.CancellationToken);

        Assert.Empty(result);
    }

    [Fact]
    public async Task Result_json_is_written_with_the_contract_names()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner().Executor("c2", ScriptedStep.Blocked("x"));

        await harness.RunAsync(runner, BuildLoopHarness.Input([Chunk("c1")], [Chunk("c2")], [Chunk("c3")]), cancellationToken: TestContext.Current.CancellationToken);

        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(harness.RunDirectory, RunJournal.ResultFileName)));
        var root = document.RootElement;
        foreach (var name in new[] { "iterations", "hitReviewCap", "perChunk", "skipped", "unassigned", "filesChanged", "clean", "unresolvedBlockers", "concerns", "nits", "costUsd", "durationMs", "scopeViolations", "attempts", "status", "runId" })
        {
            Assert.True(root.TryGetProperty(name, out _), $"result.json lacks {name}");
        }

        var failed = root.GetProperty("perChunk").EnumerateArray().Single(p => p.GetProperty("chunkId").GetString() == "c2");
        Assert.Equal("x", failed.GetProperty("blocker").GetString());
        Assert.False(failed.GetProperty("ok").GetBoolean());
        Assert.Equal("opus", failed.GetProperty("model").GetString());
        var ok = root.GetProperty("perChunk").EnumerateArray().Single(p => p.GetProperty("chunkId").GetString() == "c1");
        Assert.False(ok.TryGetProperty("blocker", out _));
        var attempt = root.GetProperty("attempts")[0];
        foreach (var name in new[] { "chunkId", "attempt", "role", "tier", "durationMs", "costUsd", "tokens", "outcome", "logPath" })
        {
            Assert.True(attempt.TryGetProperty(name, out _), $"attempt record lacks {name}");
        }

        Assert.Equal("dependency failed: c2", root.GetProperty("skipped")[0].GetProperty("reason").GetString());
        // c1 done, c2 failed, its dependant skipped: not "completed".
        Assert.Equal("completedWithFailures", root.GetProperty("status").GetString());
        Assert.StartsWith("1 of 3 chunk(s) done; c2 failed after 3 attempt(s): x; ", root.GetProperty("summary").GetString());
    }

    private sealed class ProbeRunner(IAgentRunner inner, Action onDispatch) : IAgentRunner
    {
        public string Name => inner.Name;

        public Task<AgentOutcome> RunAsync(AgentJob job, CancellationToken cancellationToken)
        {
            if (job.Role == AgentRole.Executor)
            {
                onDispatch();
            }

            return inner.RunAsync(job, cancellationToken);
        }
    }
}
