using Orchestrator.Core.Agents;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Testing.FakeModelApis;
using static Orchestrator.Core.Tests.AgentClis.ClaudeRunnerBuildLoopTests;
using static Orchestrator.Testing.TestChunks;

namespace Orchestrator.Core.Tests.AgentClis;

/// <summary>
/// With the real <c>claude</c> against the loopback fake API: a chunk that failed all 3 attempts is still reviewed;
/// its reviewer runs the test command with a shell in a disposable worktree (what it writes there is not kept) and its
/// blocker gives the chunk one fix round, which succeeds.
/// </summary>
public sealed class ClaudeFailedChunkReviewTests
{
    private const string FixRound = "A reviewer flagged blocking issues";

    [Fact]
    public async Task A_failed_chunk_is_reviewed_its_reviewer_runs_the_tests_in_a_throwaway_tree_and_one_fix_round_succeeds()
    {
        await using var api = await StartApiAsync();
        await using var trap = AgentCliLoopback.StartTrap();
        using var build = new RealAgentBuild();
        var blocked = FakeTurn.ClaudeStructuredOutput(new { status = "blocked", summary = "cannot find where the greeting goes", blocker = "unclear target" });
        api.Script
            .EnqueueFor(FixRound,
                FakeTurn.ClaudeWriteInWorkingDirectory("greeting.txt", "hello\n"),
                FakeTurn.ClaudeStructuredOutput(new { status = "done", summary = "wrote greeting.txt" }))
            .EnqueueFor(Executor("c1"), blocked, blocked, blocked)
            .EnqueueFor(Reviewer("c1"),
                // The reviewer runs the project's test command and leaves a scratch file behind in its tree.
                FakeTurn.ClaudeBash("echo scratch > reviewer-scratch.txt; test -f greeting.txt"),
                FakeTurn.ClaudeStructuredOutput(new { findings = new[] { new { chunkId = "c1", severity = "blocker", title = "greeting.txt is missing", detail = "the test command fails: write greeting.txt at the repository root" } } }),
                FakeTurn.ClaudeStructuredOutput(new { findings = Array.Empty<object>() }));
        var options = ClaudeOptions(api, trap, build);
        options = options with { Commands = options.Commands with { Test = "test -f greeting.txt" } };

        var result = await build.RunAsync(RunnerKind.Claude, options, RealAgentBuild.Input(true, [Chunk("c1", files: ["greeting.txt"])]),
            new BuildOptions { AgentTimeout = TimeSpan.FromSeconds(120) }, TestContext.Current.CancellationToken);

        var detail = Describe(result, build);
        var executors = result.Attempts.Where(a => a.Role == AgentRole.Executor).ToList();
        Assert.True(executors.Count == 4, detail);
        Assert.All(executors.Take(3), a => Assert.Equal(AttemptOutcome.Blocked, a.Outcome));
        Assert.Equal(AttemptOutcome.Succeeded, executors[3].Outcome);
        Assert.Equal(2, result.Attempts.Count(a => a.Role == AgentRole.Reviewer));
        Assert.True(result.Status == BuildRunStatus.Completed, detail);
        Assert.True(result.PerChunk.Single().Ok, detail);
        Assert.Equal("hello\n", File.ReadAllText(build.PathOf("greeting.txt")));

        // The reviewer really ran the command (its tool result is in its log), in a tree that is gone now.
        var reviewLog = File.ReadAllText(Path.Combine(build.RunDirectory, "logs", "review-c1-0.log"));
        Assert.Contains("test -f greeting.txt", reviewLog, StringComparison.Ordinal);
        Assert.Contains("--allowedTools Bash", reviewLog, StringComparison.Ordinal);
        Assert.DoesNotContain("permission_denials\":[{", reviewLog, StringComparison.Ordinal);
        // The reviewer's prompt named the command (the JSON body escapes the backticks around it).
        var reviewPrompt = api.MessageRequests.Select(r => r.Body?.ToJsonString() ?? "").First(b => b.Contains("Chunk under review: c1", StringComparison.Ordinal));
        Assert.Contains("Run the tests with \\u0060test -f greeting.txt\\u0060", reviewPrompt, StringComparison.Ordinal);
        Assert.False(File.Exists(build.PathOf("reviewer-scratch.txt")), "the reviewer's scratch file reached the session tree");
        var chunkTrees = build.ChunkWorktreesRoot(options);
        Assert.True(!Directory.Exists(chunkTrees) || !Directory.EnumerateFiles(chunkTrees, "reviewer-scratch.txt", SearchOption.AllDirectories).Any(), "a review worktree was left behind");
        Assert.DoesNotContain("reviewer-scratch.txt", build.Repository.Git("status", "--porcelain", "--untracked-files=all"), StringComparison.Ordinal);
        AssertStayedOnLoopback(api, trap, detail);
    }
}
