using Orchestrator.Core.Agents;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Options;
using Orchestrator.Testing.FakeModelApis;
using static Orchestrator.Core.Tests.AgentClis.ClaudeRunnerBuildLoopTests;
using static Orchestrator.Testing.TestChunks;

namespace Orchestrator.Core.Tests.AgentClis;

/// <summary>
/// Liveness with the real <c>claude</c> (stream-json) against the loopback fake Anthropic API: a model call held open
/// is a stall (not the total timeout), the same tool call over and over is a spiral, running out of turns too; each
/// is an agent failure that climbs the ladder, and the next attempt does the work.
/// </summary>
public sealed class ClaudeLivenessTests
{
    // Attempt 2's prompt carries attempt 1's reason: a marker registered first routes it to its own queue.
    private const string AfterStall = "Reported blocker: agent stalled";
    private const string AfterSpiral = "Reported blocker: spiral: ";

    [Fact]
    public async Task A_model_call_held_open_is_a_stall_told_apart_from_the_timeout_and_the_next_attempt_succeeds()
    {
        await using var api = await StartApiAsync();
        await using var trap = AgentCliLoopback.StartTrap();
        using var build = new RealAgentBuild();
        api.Script
            .EnqueueFor(AfterStall,
                FakeTurn.ClaudeWriteInWorkingDirectory("late.txt", "late\n"),
                FakeTurn.ClaudeStructuredOutput(new { status = "done", summary = "wrote late.txt" }))
            .EnqueueFor(Executor("c1"), FakeTurn.Hang())
            .EnqueueFor(Reviewer("c1"), FakeTurn.ClaudeStructuredOutput(new { findings = Array.Empty<object>() }));
        // Long enough for claude's start (its first event) on a loaded machine, far below the total timeout.
        var options = With(ClaudeOptions(api, trap, build), new AgentCliOptions { StallTimeout = TimeSpan.FromSeconds(25) });

        var result = await build.RunAsync(RunnerKind.Claude, options, RealAgentBuild.Input(false, [Chunk("c1", files: ["late.txt"])]),
            new BuildOptions { AgentTimeout = TimeSpan.FromSeconds(240) }, TestContext.Current.CancellationToken);

        var detail = Describe(result, build);
        var first = result.Attempts[0];
        Assert.True(first.Outcome == AttemptOutcome.Stalled, detail);
        Assert.StartsWith("agent stalled: claude printed no output for 25 s", first.Reason, StringComparison.Ordinal);
        Assert.Equal(AgentFailureClass.Agent, first.FailureClass);
        Assert.True(first.DurationMs < 200_000, detail);
        Assert.True(result.Status == BuildRunStatus.Completed, detail);
        Assert.Equal(2, result.PerChunk.Single().Attempts);
        Assert.Equal("late\n", File.ReadAllText(build.PathOf("late.txt")));
        Assert.Empty(build.LiveAgentProcesses());
        AssertStayedOnLoopback(api, trap, detail);
        Assert.Contains("\"type\":\"system\"", File.ReadAllText(Path.Combine(build.RunDirectory, "logs", "c1-1.log")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_tool_call_repeated_is_a_spiral_that_stops_the_agent_and_the_next_attempt_succeeds()
    {
        await using var api = await StartApiAsync();
        await using var trap = AgentCliLoopback.StartTrap();
        using var build = new RealAgentBuild();
        var glob = FakeTurn.ToolCall("Glob", new { pattern = "**/*.md" });
        api.Script
            .EnqueueFor(AfterSpiral,
                FakeTurn.ClaudeWriteInWorkingDirectory("out.txt", "out\n"),
                FakeTurn.ClaudeStructuredOutput(new { status = "done", summary = "wrote out.txt" }))
            // A fourth request may leave claude before it is stopped: it waits, it is never answered.
            .EnqueueFor(Executor("c1"), glob, glob, glob, FakeTurn.Hang())
            .EnqueueFor(Reviewer("c1"), FakeTurn.ClaudeStructuredOutput(new { findings = Array.Empty<object>() }));
        var options = With(ClaudeOptions(api, trap, build), new AgentCliOptions { SpiralRepeats = 3 });

        var result = await build.RunAsync(RunnerKind.Claude, options, RealAgentBuild.Input(false, [Chunk("c1", files: ["out.txt"])]),
            new BuildOptions { AgentTimeout = TimeSpan.FromSeconds(120) }, TestContext.Current.CancellationToken);

        var detail = Describe(result, build);
        var first = result.Attempts[0];
        Assert.True(first.Outcome == AttemptOutcome.Spiral, detail);
        Assert.StartsWith("spiral: the agent called Glob 3 times with the same input", first.Reason, StringComparison.Ordinal);
        Assert.True(result.Status == BuildRunStatus.Completed, detail);
        Assert.Equal(2, result.PerChunk.Single().Attempts);
        Assert.Equal("out\n", File.ReadAllText(build.PathOf("out.txt")));
        Assert.Empty(build.LiveAgentProcesses());
        AssertStayedOnLoopback(api, trap, detail);
        var journal = File.ReadAllText(Path.Combine(build.RunDirectory, "events.jsonl"));
        Assert.Contains("\"outcome\":\"spiral\"", journal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Running_out_of_turns_is_a_spiral()
    {
        await using var api = await StartApiAsync();
        await using var trap = AgentCliLoopback.StartTrap();
        using var build = new RealAgentBuild();
        api.Script
            .EnqueueFor(AfterSpiral,
                FakeTurn.ClaudeWriteInWorkingDirectory("t.txt", "t\n"),
                FakeTurn.ClaudeStructuredOutput(new { status = "done", summary = "wrote t.txt" }))
            .EnqueueFor(Executor("c1"), FakeTurn.ToolCall("Glob", new { pattern = "*.md" }), FakeTurn.ToolCall("Glob", new { pattern = "*.txt" }), FakeTurn.ToolCall("Glob", new { pattern = "*.cs" }))
            .EnqueueFor(Reviewer("c1"), FakeTurn.ClaudeStructuredOutput(new { findings = Array.Empty<object>() }));
        var options = With(ClaudeOptions(api, trap, build), new AgentCliOptions { MaxTurns = 2 });

        var result = await build.RunAsync(RunnerKind.Claude, options, RealAgentBuild.Input(false, [Chunk("c1", files: ["t.txt"])]),
            new BuildOptions { AgentTimeout = TimeSpan.FromSeconds(120) }, TestContext.Current.CancellationToken);

        var detail = Describe(result, build);
        var first = result.Attempts[0];
        Assert.True(first.Outcome == AttemptOutcome.Spiral, detail);
        Assert.Contains("error_max_turns", first.Reason, StringComparison.Ordinal);
        Assert.True(first.CostUsd > 0, detail);
        Assert.True(result.Status == BuildRunStatus.Completed, detail);
        AssertStayedOnLoopback(api, trap, detail);
    }

    /// <summary>The test's claude options with the liveness knobs (and turns) of <paramref name="knobs"/>.</summary>
    private static OrchestratorOptions With(OrchestratorOptions options, AgentCliOptions knobs) => options with
    {
        Runners = options.Runners with
        {
            Claude = options.Runners.Claude with
            {
                StallTimeout = knobs.StallTimeout,
                SpiralRepeats = knobs.SpiralRepeats,
                MaxTurns = knobs.MaxTurns ?? options.Runners.Claude.MaxTurns,
            },
        },
    };
}
