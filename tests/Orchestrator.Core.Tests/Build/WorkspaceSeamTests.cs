using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Verification;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Planning;
using Orchestrator.Testing;
using static Orchestrator.Testing.TestChunks;

namespace Orchestrator.Core.Tests.Build;

public sealed class WorkspaceSeamTests
{
    [Fact]
    public async Task A_scope_violation_fails_the_attempt_and_is_recorded()
    {
        using var harness = new BuildLoopHarness();
        var workspaces = new OutOfScopeOnFirstAttempt(harness.WorkingDirectory);
        var runner = new ScriptedAgentRunner().Executor("c1", ScriptedStep.Done("done", "src/c1.cs", "src/other.cs"), ScriptedStep.Done("done", "src/c1.cs"));

        var result = await harness.RunAsync(runner, BuildLoopHarness.Input([Chunk("c1")]), cancellationToken: TestContext.Current.CancellationToken, workspaces: workspaces);

        var violation = Assert.Single(result.ScopeViolations);
        Assert.Equal(("c1", 1), (violation.ChunkId, violation.Attempt));
        Assert.Equal(["src/other.cs"], violation.Files);
        Assert.Equal(AttemptOutcome.Failed, result.Attempts[0].Outcome);
        Assert.Contains("scope violation", result.Attempts[0].Reason);
        Assert.Contains("Reported blocker: scope violation", runner.JobsFor(AgentRole.Executor)[1].Prompt);
        Assert.Equal(["src/c1.cs"], result.FilesChanged);
        Assert.Equal(1, workspaces.Discarded);
    }

    [Fact]
    public async Task The_verifier_decides_testsPassed_when_tests_are_required()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner().Executor("c1", ScriptedStep.DoneWithTests(true));
        var input = BuildLoopHarness.Input([Chunk("c1")]) with { TestsRequired = true };

        var result = await new BuildLoop(runner, TimeProvider.System, verifier: new FailingVerifier()).RunAsync(harness.Request(input), null, TestContext.Current.CancellationToken);

        Assert.False(result.PerChunk.Single().TestsPassed);
        Assert.Contains("Run the relevant tests/lint before reporting status=\"done\".", runner.Jobs[0].Prompt);
    }

    [Fact]
    public async Task A_conflict_fails_the_attempt_and_is_recorded_with_the_scope_violations()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner();

        var result = await harness.RunAsync(runner, BuildLoopHarness.Input([Chunk("c1")]), cancellationToken: TestContext.Current.CancellationToken, workspaces: new ConflictOnFirstAttempt(harness.WorkingDirectory));

        var violation = Assert.Single(result.ScopeViolations);
        Assert.Equal(("c1", 1, "git apply --3way conflicted on src/c1.cs"), (violation.ChunkId, violation.Attempt, violation.Reason));
        Assert.Equal(["src/c1.cs"], violation.Files);
        Assert.Equal(AttemptOutcome.Failed, result.Attempts[0].Outcome);
        Assert.True(result.PerChunk.Single().Ok);
        Assert.Equal(2, result.PerChunk.Single().Attempts);
    }

    private sealed class ConflictOnFirstAttempt(string workingDirectory) : IChunkWorkspaceProvider
    {
        private int _completions;

        public Task<ChunkWorkspace> PrepareAsync(PlannedChunk chunk, int attempt, CancellationToken cancellationToken) =>
            Task.FromResult(new ChunkWorkspace(workingDirectory));

        public Task<WorkspaceCompletion> CompleteAsync(ChunkWorkspace workspace, PlannedChunk chunk, ExecutorOutput executorOutput, CancellationToken cancellationToken) =>
            Task.FromResult(Interlocked.Increment(ref _completions) == 1
                ? new WorkspaceCompletion([], [], "git apply --3way conflicted on src/c1.cs")
                : new WorkspaceCompletion(chunk.Files, [], null));

        public Task DiscardAsync(ChunkWorkspace workspace, PlannedChunk chunk, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class OutOfScopeOnFirstAttempt(string workingDirectory) : IChunkWorkspaceProvider
    {
        public int Discarded { get; private set; }

        public Task<ChunkWorkspace> PrepareAsync(PlannedChunk chunk, int attempt, CancellationToken cancellationToken) =>
            Task.FromResult(new ChunkWorkspace(workingDirectory));

        public Task<WorkspaceCompletion> CompleteAsync(ChunkWorkspace workspace, PlannedChunk chunk, ExecutorOutput executorOutput, CancellationToken cancellationToken)
        {
            var files = executorOutput.FilesChanged ?? [];
            return Task.FromResult(new WorkspaceCompletion(files, files.Except(chunk.Files).ToList(), null));
        }

        public Task DiscardAsync(ChunkWorkspace workspace, PlannedChunk chunk, CancellationToken cancellationToken)
        {
            Discarded++;
            return Task.CompletedTask;
        }
    }

    private sealed class FailingVerifier : IChunkVerifier
    {
        public Task<ChunkVerification> VerifyAsync(PlannedChunk chunk, ChunkWorkspace workspace, ExecutorOutput executorOutput, CancellationToken cancellationToken) =>
            Task.FromResult(new ChunkVerification(false, "exit code 1"));
    }
}
