using Orchestrator.Core.Agents;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Testing;
using static Orchestrator.Testing.TestChunks;

namespace Orchestrator.Core.Tests.Build.Verdicts;

/// <summary>A rate or usage limit is not the agent's failure: the run pauses, no attempt is consumed, resume goes on.</summary>
public sealed class InfrastructurePauseTests
{
    [Theory]
    [InlineData("claude reported an error: API Error: 429 {\"type\":\"rate_limit_error\"}", AgentFailureClass.RateLimit)]
    [InlineData("claude reported an error: API Error: 529 Overloaded", AgentFailureClass.RateLimit)]
    [InlineData("codex failed: We're currently experiencing high demand, which may cause temporary errors.", AgentFailureClass.RateLimit)]
    [InlineData("claude reported an error: Claude AI usage limit reached|1764583200", AgentFailureClass.UsageLimit)]
    [InlineData("claude reported an error: API Error: 401 invalid x-api-key", AgentFailureClass.Auth)]
    [InlineData("claude reported an error: API Error: Connection error. ECONNREFUSED 127.0.0.1:9", AgentFailureClass.Network)]
    [InlineData("claude could not be started: No such file or directory", AgentFailureClass.CliMissing)]
    [InlineData("claude reported an error: API Error: 400 scripted 400", AgentFailureClass.Agent)]
    [InlineData("no fixture for the parser", AgentFailureClass.Agent)]
    [InlineData("claude reported an error: Reached maximum number of turns (2) (error_max_turns)", AgentFailureClass.Agent)]
    public void Failures_are_classified_from_what_the_cli_said(string text, AgentFailureClass expected)
    {
        Assert.Equal(expected, AgentFailureClassifier.Classify(text, DateTimeOffset.UnixEpoch).Class);
    }

    [Fact]
    public void The_stated_retry_time_is_kept()
    {
        var now = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

        Assert.Equal(now.AddSeconds(30), AgentFailureClassifier.Classify("API Error: 429 rate limited, try again in 30 seconds", now).RetryAt);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero), AgentFailureClassifier.Classify("usage limit reached; resets at 2026-12-01T10:00:00Z", now).RetryAt);
        Assert.Null(AgentFailureClassifier.Classify("API Error: 529 Overloaded", now).RetryAt);
    }

    [Fact]
    public async Task A_429_mid_run_pauses_without_consuming_an_attempt_and_resume_completes_exactly_where_it_stopped()
    {
        using var harness = new BuildLoopHarness();
        var first = new ScriptedAgentRunner()
            .Executor("c1", ScriptedStep.Done("c1 done", "src/c1.cs"))
            .Executor("c2", ScriptedStep.Fail("claude reported an error: API Error: 429 rate limited; try again in 30 seconds"));
        var input = BuildLoopHarness.Input([Chunk("c1")], [Chunk("c2", model: "haiku")], [Chunk("c3")]);

        var paused = await harness.RunAsync(first, input, new BuildOptions { MaxParallel = 1 }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(BuildRunStatus.Paused, paused.Status);
        Assert.StartsWith("paused: rate_limit: claude reported an error: API Error: 429", paused.StopReason);
        Assert.Contains("retry after", paused.StopReason);
        Assert.NotNull(paused.RetryAt);
        var infra = Assert.Single(paused.Attempts, a => a.ChunkId == "c2");
        Assert.Equal((AttemptOutcome.InfrastructureFailed, AgentFailureClass.RateLimit), (infra.Outcome, infra.FailureClass));
        Assert.Empty(first.JobsFor(AgentRole.Executor, "c3"));
        Assert.Empty(first.JobsFor(AgentRole.Reviewer));
        Assert.Equal(RunStatus.Paused, RunStatusRule.Of(RunJournal.ReadSnapshot(harness.RunDirectory), executing: false));
        Assert.DoesNotContain(RunJournal.ReadSnapshot(harness.RunDirectory)!.Chunks, c => c.State is ChunkRunState.Failed or ChunkRunState.Skipped);

        var second = new ScriptedAgentRunner()
            .Executor("c2", ScriptedStep.Done("c2 done", "src/c2.cs"))
            .Executor("c3", ScriptedStep.Done("c3 done", "src/c3.cs"));
        var resumed = await new BuildLoop(second, TimeProvider.System).ResumeAsync(harness.RunDirectory, null, null, TestContext.Current.CancellationToken);

        Assert.Equal(BuildRunStatus.Completed, resumed.Status);
        Assert.Empty(second.JobsFor(AgentRole.Executor, "c1"));
        var retried = Assert.Single(second.JobsFor(AgentRole.Executor, "c2"));
        Assert.Equal((1, Core.Common.ModelTier.Haiku), (retried.Attempt, retried.Tier));
        Assert.Equal(1, resumed.PerChunk.Single(p => p.ChunkId == "c2").Attempts);
    }

    [Fact]
    public async Task A_usage_limit_after_a_real_failure_keeps_that_attempt_and_the_tier()
    {
        using var harness = new BuildLoopHarness();
        var first = new ScriptedAgentRunner()
            .Executor("c1", ScriptedStep.Blocked("needs the api types"), ScriptedStep.Fail("claude reported an error: You've hit your usage limit. Resets at 2026-12-01T10:00:00Z"));

        var paused = await harness.RunAsync(first, BuildLoopHarness.Input([Chunk("c1", model: "haiku")]), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(BuildRunStatus.Paused, paused.Status);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero), paused.RetryAt);
        var second = new ScriptedAgentRunner().Executor("c1", ScriptedStep.Blocked("still blocked"), ScriptedStep.Done("done", "src/c1.cs"));
        var resumed = await new BuildLoop(second, TimeProvider.System).ResumeAsync(harness.RunDirectory, null, null, TestContext.Current.CancellationToken);

        // Attempt 1 (a real blocker) counted; the usage-limited attempt 2 runs again as attempt 2, then 3 moves up a tier.
        Assert.Equal([(2, Core.Common.ModelTier.Haiku), (3, Core.Common.ModelTier.Sonnet)], second.JobsFor(AgentRole.Executor, "c1").Select(j => (j.Attempt, j.Tier)));
        Assert.Equal(BuildRunStatus.Completed, resumed.Status);
    }
}
