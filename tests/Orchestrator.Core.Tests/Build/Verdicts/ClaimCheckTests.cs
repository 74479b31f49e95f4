using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Journal.Events;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Planning;
using Orchestrator.Testing;
using static Orchestrator.Testing.TestChunks;

namespace Orchestrator.Core.Tests.Build.Verdicts;

/// <summary>An executor's "done" is checked against the diff its workspace measured, never taken on its word.</summary>
public sealed class ClaimCheckTests
{
    [Fact]
    public async Task A_done_that_changed_nothing_is_a_failed_attempt_and_the_ladder_goes_on()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner().Executor("c1", ScriptedStep.Done("wrote the greeting", "src/c1.cs"), ScriptedStep.Done("really wrote it", "src/c1.cs"));
        var diffs = new MeasuredTree(harness.WorkingDirectory, attempt => attempt == 1 ? [] : ["src/c1.cs"]);

        var result = await harness.RunAsync(runner, BuildLoopHarness.Input([Chunk("c1")]), workspaces: diffs, cancellationToken: TestContext.Current.CancellationToken);

        var attempts = result.Attempts.Where(a => a.Role == AgentRole.Executor).ToList();
        Assert.Equal([AttemptOutcome.Failed, AttemptOutcome.Succeeded], attempts.Select(a => a.Outcome));
        Assert.Equal("claimed done but changed nothing (claimed to change src/c1.cs, but the diff does not change it)", attempts[0].Reason);
        Assert.Equal("claimed to change src/c1.cs, but the diff does not change it", attempts[0].Discrepancy);
        Assert.Contains("Reported blocker: claimed done but changed nothing", runner.JobsFor(AgentRole.Executor, "c1")[1].Prompt);
        Assert.Equal(BuildRunStatus.Completed, result.Status);
        Assert.Equal(["src/c1.cs"], result.FilesChanged);
    }

    [Fact]
    public async Task Three_phantom_dones_fail_the_chunk_and_the_run_says_so()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner().Executor("c1", ScriptedStep.Done("done", "src/c1.cs"), ScriptedStep.Done(), ScriptedStep.Done());

        var result = await harness.RunAsync(runner, BuildLoopHarness.Input([Chunk("c1")]), workspaces: new MeasuredTree(harness.WorkingDirectory, _ => []), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(BuildRunStatus.Failed, result.Status);
        Assert.Equal("0 of 1 chunk(s) done; c1 failed after 3 attempt(s): claimed done but changed nothing", result.Summary);
        Assert.Empty(result.FilesChanged);
    }

    [Fact]
    public async Task A_done_with_a_reason_for_no_change_stands_and_the_reviewer_is_told()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner()
            .Executor("c1", ScriptedStep.Json(new { status = "done", summary = "nothing to do", noChangeReason = "the greeting already says hello" }));

        var result = await harness.RunAsync(runner, BuildLoopHarness.Input([Chunk("c1")]), workspaces: new MeasuredTree(harness.WorkingDirectory, _ => []), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(BuildRunStatus.Completed, result.Status);
        Assert.Contains("Checked by the server: the implementer changed no file, saying: the greeting already says hello", Assert.Single(runner.JobsFor(AgentRole.Reviewer, "c1")).Prompt);
    }

    [Fact]
    public async Task Claimed_files_the_diff_does_not_change_are_a_discrepancy_on_the_attempt_shown_to_the_reviewer()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner().Executor("c1", ScriptedStep.Done("done", "src/c1.cs", "docs/greeting.txt"));

        var result = await harness.RunAsync(runner, BuildLoopHarness.Input([Chunk("c1")]), workspaces: new MeasuredTree(harness.WorkingDirectory, _ => ["src/c1.cs"]), cancellationToken: TestContext.Current.CancellationToken);

        var attempt = Assert.Single(result.Attempts, a => a.Role == AgentRole.Executor);
        Assert.Equal(AttemptOutcome.Succeeded, attempt.Outcome);
        Assert.Equal("claimed to change docs/greeting.txt, but the diff does not change it", attempt.Discrepancy);
        Assert.Equal(["src/c1.cs"], result.FilesChanged);
        Assert.Contains("Checked by the server: the implementer claimed to change docs/greeting.txt", Assert.Single(runner.JobsFor(AgentRole.Reviewer, "c1")).Prompt);
    }

    [Fact]
    public async Task A_blocked_answer_changes_no_file_whatever_it_claims()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner().Executor("c1", ScriptedStep.Json(new { status = "blocked", summary = "s", blocker = "b", filesChanged = new[] { "src/c1.cs" } }), ScriptedStep.Done("done", "src/c1.cs"));

        await harness.RunAsync(runner, BuildLoopHarness.Input([Chunk("c1")]), workspaces: new MeasuredTree(harness.WorkingDirectory, _ => ["src/c1.cs"]), cancellationToken: TestContext.Current.CancellationToken);

        var blocked = harness.Events().OfType<AttemptFinished>().First();
        Assert.Equal(AttemptOutcome.Blocked, blocked.Outcome);
        Assert.Empty(blocked.FilesChanged);
    }

    /// <summary>A workspace whose diff is scripted per attempt (measured, like the worktree provider's).</summary>
    private sealed class MeasuredTree(string workingDirectory, Func<int, IReadOnlyList<string>> diffOfAttempt) : IChunkWorkspaceProvider
    {
        private int _attempt;

        public Task<ChunkWorkspace> PrepareAsync(PlannedChunk chunk, int attempt, CancellationToken cancellationToken)
        {
            _attempt = attempt;
            return Task.FromResult(new ChunkWorkspace(workingDirectory));
        }

        public Task<WorkspaceCompletion> CompleteAsync(ChunkWorkspace workspace, PlannedChunk chunk, ExecutorOutput executorOutput, CancellationToken cancellationToken) =>
            Task.FromResult(new WorkspaceCompletion(diffOfAttempt(_attempt), [], null));

        public Task DiscardAsync(ChunkWorkspace workspace, PlannedChunk chunk, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
