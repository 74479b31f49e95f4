using Orchestrator.Core.Agents;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Options;
using Orchestrator.Testing.FakeModelApis;
using static Orchestrator.Testing.TestChunks;

namespace Orchestrator.Core.Tests.AgentClis;

/// <summary>
/// The real <c>claude</c> CLI driven by the real build loop through the real environment factory (Claude runner,
/// worktree isolation, server-run tests) against <see cref="FakeAnthropicApi"/>: nothing but loopback is contacted.
/// </summary>
public sealed class ClaudeRunnerBuildLoopTests
{
    private static readonly BuildOptions ShortRun = new() { AgentTimeout = TimeSpan.FromSeconds(90), MaxParallel = 4 };

    [Fact]
    public async Task Two_wave_plan_writes_files_fixes_a_review_blocker_and_records_costs()
    {
        await using var api = await StartApiAsync();
        await using var trap = AgentCliLoopback.StartTrap();
        using var build = new RealAgentBuild();
        api.Script
            .EnqueueFor(Executor("c1"),
                FakeTurn.ClaudeWriteInWorkingDirectory("hello.txt", "hello v1\n"),
                FakeTurn.ClaudeStructuredOutput(new { status = "done", summary = "wrote hello.txt", filesChanged = new[] { "hello.txt" }, testsPassed = false }),
                // Claude refuses to overwrite a file it has not read in this session: read, then write.
                FakeTurn.ToolCall("Read", new { file_path = "{cwd}/hello.txt" }),
                FakeTurn.ClaudeWriteInWorkingDirectory("hello.txt", "hello v2\n"),
                FakeTurn.ClaudeStructuredOutput(new { status = "done", summary = "fixed hello.txt", filesChanged = new[] { "hello.txt" } }))
            .EnqueueFor(Executor("c2"),
                FakeTurn.ClaudeWriteInWorkingDirectory("docs/world.txt", "world\n"),
                FakeTurn.ClaudeStructuredOutput(new { status = "done", summary = "wrote world.txt" }))
            .EnqueueFor(Reviewer("c1"),
                FakeTurn.ClaudeStructuredOutput(new { findings = new[] { new { chunkId = "c1", severity = "blocker", title = "greeting must say v2", file = "hello.txt", line = 1 } } }),
                FakeTurn.ClaudeStructuredOutput(new { findings = Array.Empty<object>() }))
            .EnqueueFor(Reviewer("c2"), FakeTurn.ClaudeStructuredOutput(new { findings = Array.Empty<object>() }));
        var options = ClaudeOptions(api, trap, build) with { Commands = new ProjectCommands { Test = "test -f hello.txt" } };
        var input = RealAgentBuild.Input(true, [Chunk("c1", files: ["hello.txt"])], [Chunk("c2", files: ["docs/world.txt"])]);

        var result = await build.RunAsync(RunnerKind.Claude, options, input, ShortRun, TestContext.Current.CancellationToken);

        var detail = Describe(result, build);
        Assert.Equal(BuildRunStatus.Completed, result.Status);
        Assert.Equal(1, result.Iterations);
        Assert.False(result.HitReviewCap, detail);
        Assert.Empty(result.UnresolvedBlockers);
        Assert.Empty(result.ScopeViolations);
        Assert.Equal(["c1", "c2"], result.Clean);
        Assert.Equal(["c1", "c2"], result.PerChunk.Select(c => c.ChunkId));
        Assert.All(result.PerChunk, c => Assert.True(c.Ok, detail));
        // The agent claimed testsPassed=false; the server ran `test -f hello.txt` in each worktree and at the end.
        Assert.All(result.PerChunk, c => Assert.True(c.TestsPassed, detail));
        Assert.True(result.TestsPassed, detail);
        Assert.Equal(["docs/world.txt", "hello.txt"], result.FilesChanged.Order(StringComparer.Ordinal));
        Assert.Equal("hello v2\n", File.ReadAllText(build.PathOf("hello.txt")));
        Assert.Equal("world\n", File.ReadAllText(build.PathOf("docs/world.txt")));
        Assert.True(result.CostUsd > 0, detail);
        Assert.All(result.Attempts, a => Assert.True(a.CostUsd > 0 && a.Tokens.InputTokens > 0, detail));
        // executor c1, executor c2, reviewers c1 and c2, fix of c1, re-review of c1.
        Assert.Equal(6, result.Attempts.Count);
        Assert.All(result.Attempts, a => Assert.True(File.Exists(a.LogPath), a.LogPath));

        // The user's branch and index are untouched; the chunks' files are plain changes in the session tree.
        Assert.Equal(build.HeadBefore, build.Repository.Git("rev-parse", "HEAD"));
        Assert.Equal("", build.Repository.Git("diff", "--cached", "--name-only"));
        Assert.Contains("refs/so-snapshots/s-e2e/wave-1-c1-1", build.Repository.Git("for-each-ref", "--format=%(refname)", "refs/so-snapshots/"));
        Assert.Empty(Directory.Exists(build.ChunkWorktreesRoot(options)) ? Directory.GetDirectories(build.ChunkWorktreesRoot(options), "c*", SearchOption.AllDirectories) : []);
        Assert.DoesNotContain(".so-chunks", build.Repository.Git("worktree", "list"));

        // Executors may edit; reviewers got only read-only tools.
        var reviewerCall = api.MessageRequests.First(r => r.Marker == Reviewer("c2"));
        Assert.DoesNotContain("Write", reviewerCall.ToolNames);
        Assert.DoesNotContain("Bash", reviewerCall.ToolNames);
        Assert.Contains("Read", reviewerCall.ToolNames);
        Assert.Contains("Write", api.MessageRequests.First(r => r.Marker == Executor("c2")).ToolNames);
        AssertStayedOnLoopback(api, trap, detail);
    }

    [Fact]
    public async Task Writing_outside_the_chunk_is_a_scope_violation_and_is_not_applied()
    {
        await using var api = await StartApiAsync();
        await using var trap = AgentCliLoopback.StartTrap();
        using var build = new RealAgentBuild();
        api.Script
            .EnqueueFor(Executor("c1"),
                FakeTurn.ClaudeWriteInWorkingDirectory("mine.txt", "mine\n"),
                FakeTurn.ClaudeWriteInWorkingDirectory("stray.txt", "not this chunk's file\n"),
                FakeTurn.ClaudeStructuredOutput(new { status = "done", summary = "wrote mine.txt (and more)" }),
                FakeTurn.ClaudeWriteInWorkingDirectory("mine.txt", "mine\n"),
                FakeTurn.ClaudeStructuredOutput(new { status = "done", summary = "wrote mine.txt" }))
            .EnqueueFor(Reviewer("c1"), FakeTurn.ClaudeStructuredOutput(new { findings = Array.Empty<object>() }));
        var options = ClaudeOptions(api, trap, build);

        var result = await build.RunAsync(RunnerKind.Claude, options, RealAgentBuild.Input(false, [Chunk("c1", files: ["mine.txt"])]), ShortRun, TestContext.Current.CancellationToken);

        var detail = Describe(result, build);
        var violation = Assert.Single(result.ScopeViolations);
        Assert.Equal(("c1", 1), (violation.ChunkId, violation.Attempt));
        Assert.Equal(["stray.txt"], violation.Files);
        Assert.Equal(AttemptOutcome.Failed, result.Attempts[0].Outcome);
        Assert.Contains("scope violation", result.Attempts[0].Reason, StringComparison.Ordinal);
        var chunk = Assert.Single(result.PerChunk);
        Assert.True(chunk.Ok, detail);
        Assert.Equal(2, chunk.Attempts);
        Assert.False(File.Exists(build.PathOf("stray.txt")));
        Assert.Equal("mine\n", File.ReadAllText(build.PathOf("mine.txt")));
        Assert.Equal(["mine.txt"], result.FilesChanged);
        AssertStayedOnLoopback(api, trap, detail);
    }

    [Fact]
    public async Task A_permission_denial_fails_the_attempt()
    {
        await using var api = await StartApiAsync();
        await using var trap = AgentCliLoopback.StartTrap();
        using var build = new RealAgentBuild();
        api.Script
            .EnqueueFor(Executor("c1"),
                // acceptEdits auto-approves file edits and simple file commands (touch, mkdir), not arbitrary programs.
                FakeTurn.ClaudeBash("python3 -c \"open('denied-by-policy.txt', 'w').write('x')\""),
                FakeTurn.ClaudeStructuredOutput(new { status = "done", summary = "claims done despite the denial" }),
                FakeTurn.ClaudeWriteInWorkingDirectory("ok.txt", "ok\n"),
                FakeTurn.ClaudeStructuredOutput(new { status = "done", summary = "wrote ok.txt" }))
            .EnqueueFor(Reviewer("c1"), FakeTurn.ClaudeStructuredOutput(new { findings = Array.Empty<object>() }));
        var options = ClaudeOptions(api, trap, build);

        var result = await build.RunAsync(RunnerKind.Claude, options, RealAgentBuild.Input(false, [Chunk("c1", files: ["ok.txt"])]), ShortRun, TestContext.Current.CancellationToken);

        var detail = Describe(result, build);
        var first = result.Attempts[0];
        Assert.Equal(AttemptOutcome.Failed, first.Outcome);
        Assert.StartsWith("permission denied: Bash", first.Reason, StringComparison.Ordinal);
        Assert.True(first.CostUsd > 0, detail);
        Assert.True(result.PerChunk.Single().Ok, detail);
        Assert.False(File.Exists(build.PathOf("denied-by-policy.txt")));
        Assert.Equal("ok\n", File.ReadAllText(build.PathOf("ok.txt")));
        AssertStayedOnLoopback(api, trap, detail);
    }

    [Fact]
    public async Task A_hanging_agent_is_killed_at_the_timeout_with_its_whole_tree()
    {
        await using var api = await StartApiAsync();
        await using var trap = AgentCliLoopback.StartTrap();
        using var build = new RealAgentBuild();
        api.Script
            .EnqueueFor(Executor("c1"),
                FakeTurn.Hang(),
                FakeTurn.ClaudeWriteInWorkingDirectory("late.txt", "late\n"),
                FakeTurn.ClaudeStructuredOutput(new { status = "done", summary = "wrote late.txt" }))
            .EnqueueFor(Reviewer("c1"), FakeTurn.ClaudeStructuredOutput(new { findings = Array.Empty<object>() }));
        var options = ClaudeOptions(api, trap, build);
        // Long enough for a normal claude run on a loaded 2-core machine, short enough to keep CI quick.
        var buildOptions = new BuildOptions { AgentTimeout = TimeSpan.FromSeconds(20) };

        var result = await build.RunAsync(RunnerKind.Claude, options, RealAgentBuild.Input(false, [Chunk("c1", files: ["late.txt"])]), buildOptions, TestContext.Current.CancellationToken);

        var detail = Describe(result, build);
        var first = result.Attempts[0];
        Assert.Equal(AttemptOutcome.TimedOut, first.Outcome);
        Assert.StartsWith("agent timed out after", first.Reason, StringComparison.Ordinal);
        Assert.True(result.PerChunk.Single().Ok, detail);
        Assert.Equal(2, result.PerChunk.Single().Attempts);
        Assert.Equal("late\n", File.ReadAllText(build.PathOf("late.txt")));
        // The killed claude (and anything it started) is gone: no live process carries this test's config directory.
        Assert.Empty(build.LiveAgentProcesses());
        AssertStayedOnLoopback(api, trap, detail);
    }

    internal static string Executor(string chunkId) => $"## Your chunk: {chunkId}\n";

    internal static string Reviewer(string chunkId) => $"## Chunk under review: {chunkId}\n";

    internal static string Describe(BuildRunResult result, RealAgentBuild build)
    {
        var logs = Directory.Exists(Path.Combine(build.RunDirectory, "logs"))
            ? string.Join("\n", Directory.GetFiles(Path.Combine(build.RunDirectory, "logs")).Order().Select(f => $"--- {Path.GetFileName(f)}\n{Tail(File.ReadAllText(f))}"))
            : "(no logs)";
        return $"{BuildLoopJson(result)}\n{logs}";
    }

    private static string Tail(string text) => text.Length <= 1500 ? text : text[^1500..];

    private static string BuildLoopJson(BuildRunResult result) => System.Text.Json.JsonSerializer.Serialize(result, BuildJson.Indented);

    internal static OrchestratorOptions ClaudeOptions(FakeAnthropicApi api, OutboundTrafficTrap trap, RealAgentBuild build)
    {
        var environment = FakeAgentEnvironment.ForClaude(api.BaseUrl, build.ConfigDirectory, trap.ProxyUrl);
        Assert.Empty(environment.NonLoopbackUrls());
        return new OrchestratorOptions
        {
            Runners = new RunnersOptions
            {
                Claude = new AgentCliOptions
                {
                    Executable = AgentCliBinaries.Locate().Claude,
                    MaxTurns = 6,
                    Env = environment.Variables.ToDictionary(p => p.Key, p => p.Value),
                },
            },
        };
    }

    internal static void AssertStayedOnLoopback(FakeAnthropicApi api, OutboundTrafficTrap trap, string detail)
    {
        Assert.True(api.UnexpectedRequests.Count == 0, "unexpected requests: " + string.Join(", ", api.UnexpectedRequests.Select(r => $"{r.Method} {r.Path} -> {r.Reply}")) + "\n" + detail);
        Assert.True(trap.Attempts.Count == 0, "traffic beyond the fake: " + string.Join(", ", trap.Attempts));
    }

    internal static async Task<FakeAnthropicApi> StartApiAsync()
    {
        var api = new FakeAnthropicApi();
        await api.StartAsync(TestContext.Current.CancellationToken);
        return api;
    }
}
