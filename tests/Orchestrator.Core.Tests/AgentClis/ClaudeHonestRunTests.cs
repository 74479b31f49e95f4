using Orchestrator.Core.Agents;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Testing.FakeModelApis;
using static Orchestrator.Core.Tests.AgentClis.ClaudeRunnerBuildLoopTests;
using static Orchestrator.Testing.TestChunks;

namespace Orchestrator.Core.Tests.AgentClis;

/// <summary>
/// Honest runs with the real <c>claude</c> against the loopback fake Anthropic API: a rate limit pauses the run without
/// consuming an attempt and resume completes it; a done that changed nothing is a failed attempt.
/// </summary>
public sealed class ClaudeHonestRunTests
{
    private static readonly BuildOptions ShortRun = new() { AgentTimeout = TimeSpan.FromSeconds(90), MaxParallel = 4 };

    [Fact]
    public async Task A_429_mid_run_pauses_it_no_attempt_is_consumed_and_resume_completes_it()
    {
        await using var api = await StartApiAsync();
        await using var trap = AgentCliLoopback.StartTrap();
        using var build = new RealAgentBuild();
        api.Script
            .EnqueueFor(Executor("c1"), FakeTurn.HttpError(429, "Number of request tokens has exceeded your per-minute rate limit"))
            .EnqueueFor(Executor("c2"),
                FakeTurn.ClaudeWriteInWorkingDirectory("two.txt", "two\n"),
                FakeTurn.ClaudeStructuredOutput(new { status = "done", summary = "wrote two.txt" }));
        var options = ClaudeOptions(api, trap, build);
        var input = RealAgentBuild.Input(false, [Chunk("c1", files: ["one.txt"]), Chunk("c2", files: ["two.txt"])]);

        var paused = await build.RunAsync(RunnerKind.Claude, options, input, ShortRun, TestContext.Current.CancellationToken);

        var detail = Describe(paused, build);
        Assert.True(paused.Status == BuildRunStatus.Paused, detail);
        Assert.StartsWith("paused: rate_limit: ", paused.StopReason, StringComparison.Ordinal);
        var limited = Assert.Single(paused.Attempts, a => a.ChunkId == "c1");
        Assert.Equal((AttemptOutcome.InfrastructureFailed, AgentFailureClass.RateLimit), (limited.Outcome, limited.FailureClass));

        api.Script.Recover(Executor("c1"))
            .EnqueueFor(Executor("c1"),
                FakeTurn.ClaudeWriteInWorkingDirectory("one.txt", "one\n"),
                FakeTurn.ClaudeStructuredOutput(new { status = "done", summary = "wrote one.txt" }))
            .EnqueueFor(Reviewer("c1"), FakeTurn.ClaudeStructuredOutput(new { findings = Array.Empty<object>() }))
            .EnqueueFor(Reviewer("c2"), FakeTurn.ClaudeStructuredOutput(new { findings = Array.Empty<object>() }));
        var resumed = await build.ResumeAsync(RunnerKind.Claude, options, false, TestContext.Current.CancellationToken);

        detail = Describe(resumed, build);
        Assert.True(resumed.Status == BuildRunStatus.Completed, detail);
        // c1's rate-limited attempt did not count: it ran again as attempt 1, at its own tier.
        Assert.Equal(1, resumed.PerChunk.Single(p => p.ChunkId == "c1").Attempts);
        Assert.Equal([AttemptOutcome.InfrastructureFailed, AttemptOutcome.Succeeded], resumed.Attempts.Where(a => a is { ChunkId: "c1", Role: AgentRole.Executor }).Select(a => a.Outcome));
        Assert.Single(resumed.Attempts, a => a is { ChunkId: "c2", Role: AgentRole.Executor });
        Assert.Equal("one\n", File.ReadAllText(build.PathOf("one.txt")));
        Assert.Equal("two\n", File.ReadAllText(build.PathOf("two.txt")));
        Assert.Equal(0, api.Script.RemainingTurns);
        AssertStayedOnLoopback(api, trap, detail);
    }

    [Fact]
    public async Task A_phantom_done_fails_the_attempt_and_the_next_attempt_does_the_work()
    {
        await using var api = await StartApiAsync();
        await using var trap = AgentCliLoopback.StartTrap();
        using var build = new RealAgentBuild();
        api.Script
            .EnqueueFor(Executor("c1"),
                FakeTurn.ClaudeStructuredOutput(new { status = "done", summary = "updated the greeting", filesChanged = new[] { "docs/greeting.txt" } }),
                FakeTurn.ClaudeWriteInWorkingDirectory("docs/greeting.txt", "hello\n"),
                FakeTurn.ClaudeStructuredOutput(new { status = "done", summary = "wrote the greeting", filesChanged = new[] { "docs/greeting.txt" } }))
            .EnqueueFor(Reviewer("c1"), FakeTurn.ClaudeStructuredOutput(new { findings = Array.Empty<object>() }));
        var options = ClaudeOptions(api, trap, build);

        var result = await build.RunAsync(RunnerKind.Claude, options, RealAgentBuild.Input(false, [Chunk("c1", files: ["docs/greeting.txt"])]), ShortRun, TestContext.Current.CancellationToken);

        var detail = Describe(result, build);
        var first = result.Attempts[0];
        Assert.Equal(AttemptOutcome.Failed, first.Outcome);
        Assert.Equal("claimed done but changed nothing (claimed to change docs/greeting.txt, but the diff does not change it)", first.Reason);
        Assert.True(result.Status == BuildRunStatus.Completed, detail);
        Assert.Equal(2, result.PerChunk.Single().Attempts);
        Assert.Equal(["docs/greeting.txt"], result.FilesChanged);
        AssertStayedOnLoopback(api, trap, detail);
    }
}
