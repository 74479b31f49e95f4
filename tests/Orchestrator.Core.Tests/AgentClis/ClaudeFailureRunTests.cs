using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Common;
using Orchestrator.Core.Sessions;
using Orchestrator.Core.Tests.Sessions;
using Orchestrator.Testing.FakeModelApis;
using static Orchestrator.Core.Tests.AgentClis.ClaudeRunnerBuildLoopTests;
using static Orchestrator.Testing.TestChunks;

namespace Orchestrator.Core.Tests.AgentClis;

/// <summary>
/// With the real <c>claude</c> against the loopback fake API: a usage limit mid-run pauses it without consuming an
/// attempt and resume completes it; a chunk that fails all 3 attempts ends the run completed_with_failures and the
/// settled session offers the failures gate.
/// </summary>
public sealed class ClaudeFailureRunTests
{
    private static readonly BuildOptions ShortRun = new() { AgentTimeout = TimeSpan.FromSeconds(120), MaxParallel = 4 };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_usage_limit_mid_run_pauses_it_no_attempt_is_consumed_and_resume_completes_it()
    {
        await using var api = await StartApiAsync();
        await using var trap = AgentCliLoopback.StartTrap();
        using var build = new RealAgentBuild();
        api.Script
            .EnqueueFor(Executor("c2"), FakeTurn.HttpError(429, "Claude usage limit reached for your plan. Your limit resets at 2030-01-01T09:00:00Z"))
            .EnqueueFor(Executor("c1"),
                FakeTurn.ClaudeWriteInWorkingDirectory("one.txt", "one\n"),
                FakeTurn.ClaudeStructuredOutput(new { status = "done", summary = "wrote one.txt" }));
        var options = ClaudeOptions(api, trap, build);
        var input = RealAgentBuild.Input(false, [Chunk("c1", files: ["one.txt"]), Chunk("c2", files: ["two.txt"])]);

        var paused = await build.RunAsync(RunnerKind.Claude, options, input, ShortRun, Ct);

        var detail = Describe(paused, build);
        Assert.True(paused.Status == BuildRunStatus.Paused, detail);
        Assert.StartsWith("paused: usage_limit: ", paused.StopReason, StringComparison.Ordinal);
        var limited = Assert.Single(paused.Attempts, a => a.ChunkId == "c2");
        Assert.Equal((AttemptOutcome.InfrastructureFailed, AgentFailureClass.UsageLimit), (limited.Outcome, limited.FailureClass));
        var journal = File.ReadAllText(Path.Combine(build.RunDirectory, "events.jsonl"));
        Assert.Contains("\"retryAt\":\"2030-01-01T09:00:00", journal, StringComparison.Ordinal);

        api.Script.Recover(Executor("c2"))
            .EnqueueFor(Executor("c2"),
                FakeTurn.ClaudeWriteInWorkingDirectory("two.txt", "two\n"),
                FakeTurn.ClaudeStructuredOutput(new { status = "done", summary = "wrote two.txt" }))
            .EnqueueFor(Reviewer("c1"), FakeTurn.ClaudeStructuredOutput(new { findings = Array.Empty<object>() }))
            .EnqueueFor(Reviewer("c2"), FakeTurn.ClaudeStructuredOutput(new { findings = Array.Empty<object>() }));
        var resumed = await build.ResumeAsync(RunnerKind.Claude, options, false, Ct);

        detail = Describe(resumed, build);
        Assert.True(resumed.Status == BuildRunStatus.Completed, detail);
        Assert.Equal(1, resumed.PerChunk.Single(p => p.ChunkId == "c2").Attempts);
        Assert.Single(resumed.Attempts, a => a is { ChunkId: "c1", Role: AgentRole.Executor });
        Assert.Equal("two\n", File.ReadAllText(build.PathOf("two.txt")));
        AssertStayedOnLoopback(api, trap, detail);
    }

    [Fact]
    public async Task A_chunk_failing_all_three_attempts_ends_completed_with_failures_and_the_session_offers_the_failures_gate()
    {
        await using var api = await StartApiAsync();
        await using var trap = AgentCliLoopback.StartTrap();
        using var build = new RealAgentBuild();
        var (sessions, locks) = SessionServiceFactory.Create();
        await using var _ = locks;
        var started = await sessions.StartAsync(SessionServiceFactory.Request(build.Root, isolation: SessionIsolation.InPlace), Ct);
        Assert.True(started.Succeeded, started.Error?.Message);
        var project = (await sessions.LocateAsync(build.Root, Ct)).Value!;
        var sessionId = started.Value.State.Session;
        var blocked = FakeTurn.ClaudeStructuredOutput(new { status = "blocked", summary = "no fixture", blocker = "the fixture file does not exist" });
        api.Script
            .EnqueueFor(Executor("c2"), blocked, blocked, blocked)
            .EnqueueFor(Executor("c1"),
                FakeTurn.ClaudeWriteInWorkingDirectory("one.txt", "one\n"),
                FakeTurn.ClaudeStructuredOutput(new { status = "done", summary = "wrote one.txt" }))
            .EnqueueFor(Reviewer("c1"), FakeTurn.ClaudeStructuredOutput(new { findings = Array.Empty<object>() }))
            // The failed chunk's reviewer finds nothing to fix: no fix round, the chunk stays failed.
            .EnqueueFor(Reviewer("c2"), FakeTurn.ClaudeStructuredOutput(new { findings = Array.Empty<object>() }));
        var options = ClaudeOptions(api, trap, build);

        var result = await build.RunAsync(RunnerKind.Claude, options, RealAgentBuild.Input(false, [Chunk("c1", files: ["one.txt"]), Chunk("c2", files: ["two.txt"])]), ShortRun, Ct);

        var detail = Describe(result, build);
        Assert.True(result.Status == BuildRunStatus.CompletedWithFailures, detail);
        Assert.Equal(3, result.Attempts.Count(a => a is { ChunkId: "c2", Role: AgentRole.Executor, Outcome: AttemptOutcome.Blocked }));
        Assert.Equal([ModelTier.Sonnet, ModelTier.Sonnet, ModelTier.Opus], result.Attempts.Where(a => a is { ChunkId: "c2", Role: AgentRole.Executor }).Select(a => a.Tier));
        Assert.StartsWith("1 of 2 chunk(s) done; c2 failed after 3 attempt(s)", result.Summary, StringComparison.Ordinal);

        var writer = new SessionWriter(locks, TimeProvider.System);
        await writer.UpdateAsync(project, sessionId, s => Outcome<SessionState>.Success(s with { Runs = [build.RunId], Phase = SessionPhase.Build }), Ct);
        await new BuildRunSettler(writer, NullLogger<BuildRunSettler>.Instance).SettleAsync(project, sessionId, result);
        var settled = (await new SessionStore(project.SessionsDirectory).LoadAsync(sessionId, Ct)).Value!;
        Assert.Equal(GateState.Open, settled.Gates.Failures.Status);
        Assert.Equal("approve (gate: failures)", SessionContinuation.NextStep(settled));
        AssertStayedOnLoopback(api, trap, detail);
    }
}
