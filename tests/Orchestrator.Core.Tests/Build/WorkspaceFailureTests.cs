using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Git;
using Orchestrator.Core.Planning;
using Orchestrator.Testing;
using static Orchestrator.Testing.TestChunks;

namespace Orchestrator.Core.Tests.Build;

public sealed class WorkspaceFailureTests
{
    [Fact]
    public async Task A_workspace_that_cannot_be_prepared_or_applied_fails_the_attempt_not_the_run()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner();
        var workspaces = new BrokenOnFirstAttempts(harness.WorkingDirectory);

        var result = await harness.RunAsync(runner, BuildLoopHarness.Input([Chunk("c1")]), cancellationToken: TestContext.Current.CancellationToken, workspaces: workspaces);

        Assert.Equal(BuildRunStatus.Completed, result.Status);
        Assert.Equal(AttemptOutcome.Failed, result.Attempts[0].Outcome);
        Assert.Equal("workspace for chunk c1 could not be prepared: git worktree add failed: disk full", result.Attempts[0].Reason);
        Assert.Equal(AttemptOutcome.Failed, result.Attempts[1].Outcome);
        Assert.Equal("applying chunk c1's change failed: git apply failed: corrupt patch", result.Attempts[1].Reason);
        var chunk = Assert.Single(result.PerChunk);
        Assert.True(chunk.Ok);
        Assert.Equal(3, chunk.Attempts);
        // The agent never ran for the attempt without a workspace; the applied-but-failed one was discarded.
        Assert.Equal(2, runner.JobsFor(AgentRole.Executor).Count);
        Assert.Equal(1, workspaces.Discarded);
        Assert.Equal(1, workspaces.Released);
    }

    private sealed class BrokenOnFirstAttempts(string workingDirectory) : IChunkWorkspaceProvider
    {
        public int Discarded { get; private set; }

        public int Released { get; private set; }

        public Task<ChunkWorkspace> PrepareAsync(PlannedChunk chunk, int attempt, CancellationToken cancellationToken) =>
            attempt == 1 ? throw new GitCommandException("git worktree add failed: disk full") : Task.FromResult(new ChunkWorkspace(workingDirectory));

        public Task<WorkspaceCompletion> CompleteAsync(ChunkWorkspace workspace, PlannedChunk chunk, ExecutorOutput executorOutput, CancellationToken cancellationToken) =>
            Released + Discarded == 0 ? throw new GitCommandException("git apply failed: corrupt patch") : Task.FromResult(new WorkspaceCompletion(chunk.Files, [], null));

        public Task DiscardAsync(ChunkWorkspace workspace, PlannedChunk chunk, CancellationToken cancellationToken)
        {
            Discarded++;
            return Task.CompletedTask;
        }

        public Task ReleaseAsync(ChunkWorkspace workspace, PlannedChunk chunk, CancellationToken cancellationToken)
        {
            Released++;
            return Task.CompletedTask;
        }
    }
}
