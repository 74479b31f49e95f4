using Orchestrator.Core.Agents;
using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Common;
using Orchestrator.Testing;
using static Orchestrator.Testing.TestChunks;

namespace Orchestrator.Core.Tests.Build;

public sealed class EscalationLadderTests
{
    [Fact]
    public async Task Fail_fail_then_succeed_on_the_bumped_tier()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner()
            .Executor("c1", ScriptedStep.Blocked("missing fixture"), ScriptedStep.Blocked("still no fixture"), ScriptedStep.Done("finally", "src/c1.cs"));

        var result = await harness.RunAsync(runner, BuildLoopHarness.Input([Chunk("c1", model: "haiku")]), cancellationToken: TestContext.Current.CancellationToken);

        var jobs = runner.JobsFor(AgentRole.Executor, "c1");
        Assert.Equal([ModelTier.Haiku, ModelTier.Haiku, ModelTier.Sonnet], jobs.Select(j => j.Tier));
        Assert.Equal([1, 2, 3], jobs.Select(j => j.Attempt));
        Assert.DoesNotContain("## Context for this attempt", jobs[0].Prompt);
        Assert.Contains("## Context for this attempt\nAttempt 1 did not complete. Reported blocker: missing fixture\nClarify the success criteria and address this blocker directly.", jobs[1].Prompt);
        Assert.Contains("Attempt 2 did not complete. Reported blocker: still no fixture", jobs[2].Prompt);
        var chunk = Assert.Single(result.PerChunk);
        Assert.True(chunk.Ok);
        Assert.Equal(3, chunk.Attempts);
        Assert.Equal(ModelTier.Sonnet, chunk.Model);
        Assert.Equal("finally", chunk.Summary);
        Assert.Null(chunk.Blocker);
        Assert.Equal(["src/c1.cs"], result.FilesChanged);
        Assert.Equal([AttemptOutcome.Blocked, AttemptOutcome.Blocked, AttemptOutcome.Succeeded], result.Attempts.Where(a => a.Role == AgentRole.Executor).Select(a => a.Outcome));
    }

    [Fact]
    public async Task Opus_stays_opus_and_the_failure_reason_is_the_last_blocker()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner()
            .Executor("c1", ScriptedStep.Blocked("b1"), ScriptedStep.Blocked("b2"), ScriptedStep.Blocked("b3"));

        var result = await harness.RunAsync(runner, BuildLoopHarness.Input([Chunk("c1", model: "opus")]), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([ModelTier.Opus, ModelTier.Opus, ModelTier.Opus], runner.JobsFor(AgentRole.Executor).Select(j => j.Tier));
        var chunk = Assert.Single(result.PerChunk);
        Assert.False(chunk.Ok);
        Assert.Equal(3, chunk.Attempts);
        Assert.Equal(ModelTier.Opus, chunk.Model);
        Assert.Equal("b3", chunk.Blocker);
        // The failed chunk is reviewed (its reviewer found nothing, so no fix round) and stays failed.
        Assert.Single(runner.JobsFor(AgentRole.Reviewer));
        Assert.Empty(result.Clean);
    }

    [Fact]
    public async Task Sonnet_bumps_to_opus_on_the_third_attempt()
    {
        Assert.Equal(ModelTier.Opus, EscalationLadder.TierFor(ModelTier.Sonnet, 3));
        Assert.Equal(ModelTier.Sonnet, EscalationLadder.TierFor(ModelTier.Sonnet, 2));
        Assert.Equal(ModelTier.Sonnet, EscalationLadder.TierFor(ModelTier.Haiku, 3));
        Assert.Equal(ModelTier.Opus, EscalationLadder.TierFor(ModelTier.Opus, 3));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Failure_reason_falls_back_to_summary_then_to_no_result()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner()
            .Executor("c1", ScriptedStep.Json(new { status = "blocked", summary = "ran out of ideas" }))
            .Executor("c2", ScriptedStep.Json(new { status = "blocked", summary = "" }));

        var result = await harness.RunAsync(runner, BuildLoopHarness.Input([Chunk("c1"), Chunk("c2")]), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("ran out of ideas", result.PerChunk.Single(p => p.ChunkId == "c1").Blocker);
        Assert.Equal("agent returned no result", result.PerChunk.Single(p => p.ChunkId == "c2").Blocker);
        Assert.Contains("Reported blocker: ran out of ideas", runner.JobsFor(AgentRole.Executor, "c1")[1].Prompt);
    }

    [Fact]
    public async Task Garbage_output_is_a_failed_attempt_with_the_reason()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner()
            .Executor("c1", ScriptedStep.Garbage("Sure! Here you go {"), ScriptedStep.RawJson("""{"status":"finished","summary":1}"""), ScriptedStep.Done());

        var result = await harness.RunAsync(runner, BuildLoopHarness.Input([Chunk("c1")]), cancellationToken: TestContext.Current.CancellationToken);

        var attempts = result.Attempts.Where(a => a.Role == AgentRole.Executor).ToList();
        Assert.Equal(AttemptOutcome.Failed, attempts[0].Outcome);
        Assert.StartsWith("invalid executor output: not JSON", attempts[0].Reason);
        Assert.Equal(AttemptOutcome.Failed, attempts[1].Outcome);
        Assert.Contains("\"status\" must be \"done\" or \"blocked\", got \"finished\"", attempts[1].Reason);
        Assert.Contains("\"summary\" must be a string", attempts[1].Reason);
        Assert.True(result.PerChunk.Single().Ok);
        Assert.Contains("Reported blocker: invalid executor output", runner.JobsFor(AgentRole.Executor)[1].Prompt);
    }

    [Fact]
    public async Task A_runner_that_throws_is_a_failed_attempt_not_a_dead_run()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner().Executor("c1", ScriptedStep.Throw("boom"), ScriptedStep.Done());

        var result = await harness.RunAsync(runner, BuildLoopHarness.Input([Chunk("c1")]), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(BuildRunStatus.Completed, result.Status);
        Assert.Equal("runner scripted failed: boom", result.Attempts[0].Reason);
        Assert.True(result.PerChunk.Single().Ok);
    }
}
