using Orchestrator.Core.Agents;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Options;
using Orchestrator.Testing.FakeModelApis;
using static Orchestrator.Core.Tests.AgentClis.ClaudeRunnerBuildLoopTests;
using static Orchestrator.Testing.TestChunks;

namespace Orchestrator.Core.Tests.AgentClis;

/// <summary>
/// The real <c>codex exec</c> driven by the real build loop through the real environment factory (Codex runner,
/// worktree isolation) against <see cref="FakeOpenAiResponsesApi"/>: edits land through <c>apply_patch</c>.
/// </summary>
public sealed class CodexRunnerBuildLoopTests
{
    [Fact]
    public async Task Two_wave_plan_applies_patches_fixes_a_review_blocker_and_records_tokens()
    {
        await using var api = new FakeOpenAiResponsesApi();
        await api.StartAsync(TestContext.Current.CancellationToken);
        await using var trap = AgentCliLoopback.StartTrap();
        using var build = new RealAgentBuild();
        api.Script
            .EnqueueFor(Executor("c1"),
                FakeTurn.CodexAddFile("hello.txt", "hello v1\n"),
                FakeTurn.Json(new { status = "done", summary = "added hello.txt", filesChanged = new[] { "hello.txt" } }),
                FakeTurn.CodexApplyPatch("*** Begin Patch\n*** Update File: hello.txt\n@@\n-hello v1\n+hello v2\n*** End Patch\n"),
                FakeTurn.Json(new { status = "done", summary = "updated hello.txt" }))
            .EnqueueFor(Executor("c2"),
                FakeTurn.CodexAddFile("docs/world.txt", "world\n"),
                FakeTurn.Json(new { status = "done", summary = "added world.txt" }))
            .EnqueueFor(Reviewer("c1"),
                FakeTurn.Json(new { findings = new[] { new { chunkId = "c1", severity = "blocker", title = "greeting must say v2", file = "hello.txt", line = 1 } } }),
                FakeTurn.Json(new { findings = Array.Empty<object>() }))
            .EnqueueFor(Reviewer("c2"), FakeTurn.Json(new { findings = Array.Empty<object>() }));
        var environment = FakeAgentEnvironment.ForCodex(api.BaseUrl, build.ConfigDirectory, trap.ProxyUrl);
        Assert.Empty(environment.NonLoopbackUrls());
        var options = new OrchestratorOptions
        {
            Runners = new RunnersOptions
            {
                Codex = new AgentCliOptions
                {
                    Executable = AgentCliBinaries.Locate().Codex,
                    ExtraArgs = environment.Arguments,
                    Env = environment.Variables.ToDictionary(p => p.Key, p => p.Value),
                },
            },
        };
        var input = RealAgentBuild.Input(false, [Chunk("c1", files: ["hello.txt"])], [Chunk("c2", files: ["docs/world.txt"])]);

        var result = await build.RunAsync(RunnerKind.Codex, options, input, new BuildOptions { AgentTimeout = TimeSpan.FromSeconds(90) }, TestContext.Current.CancellationToken);

        var detail = Describe(result, build);
        Assert.Equal(BuildRunStatus.Completed, result.Status);
        Assert.Equal(1, result.Iterations);
        Assert.False(result.HitReviewCap, detail);
        Assert.Equal(["c1", "c2"], result.Clean);
        Assert.All(result.PerChunk, c => Assert.True(c.Ok, detail));
        Assert.Equal(["docs/world.txt", "hello.txt"], result.FilesChanged.Order(StringComparer.Ordinal));
        Assert.Equal("hello v2\n", File.ReadAllText(build.PathOf("hello.txt")));
        Assert.Equal("world\n", File.ReadAllText(build.PathOf("docs/world.txt")));
        Assert.Equal(6, result.Attempts.Count);
        Assert.All(result.Attempts, a => Assert.True(a.Tokens.InputTokens > 0 && a.Tokens.OutputTokens > 0, detail));
        Assert.Equal(build.HeadBefore, build.Repository.Git("rev-parse", "HEAD"));
        Assert.Equal("", build.Repository.Git("diff", "--cached", "--name-only"));

        // Executors ran with a writable sandbox and apply_patch; reviewers read-only, with the strict-mode schema.
        var executorCall = api.ResponseRequests.First(r => r.Marker == Executor("c2"));
        Assert.Contains("apply_patch", executorCall.ToolNames);
        var schema = executorCall.Body!["text"]!["format"]!["schema"]!;
        Assert.Equal(6, schema["required"]!.AsArray().Count);
        Assert.True(api.UnexpectedRequests.Count == 0, "unexpected requests: " + string.Join(", ", api.UnexpectedRequests.Select(r => $"{r.Method} {r.Path} -> {r.Reply}")) + "\n" + detail);
        Assert.True(trap.Attempts.Count == 0, "traffic beyond the fake: " + string.Join(", ", trap.Attempts));
    }
}
