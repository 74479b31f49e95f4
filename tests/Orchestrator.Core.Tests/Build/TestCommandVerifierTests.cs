using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Journal.Events;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Verification;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Options;
using Orchestrator.Core.Processes;
using Orchestrator.Testing;
using static Orchestrator.Testing.TestChunks;

namespace Orchestrator.Core.Tests.Build;

public sealed class TestCommandVerifierTests
{
    [Fact]
    public async Task The_servers_test_run_decides_testsPassed_over_the_agents_claim_per_chunk_and_at_the_end()
    {
        using var harness = new BuildLoopHarness();
        File.WriteAllText(Path.Combine(harness.WorkingDirectory, "marker"), "");
        // Passes only while src/c1.cs is absent: the agent below claims true, the command says otherwise after c1.
        var verifier = new TestCommandChunkVerifier(new ProcessRunner(), "test -f marker && ! test -f src/c1.cs", harness.RunDirectory, TimeSpan.FromMinutes(1));
        var runner = new ScriptedAgentRunner().Executor("c1", ScriptedStep.DoneWithTests(true));
        var writes = new WritingSharedTree(harness.WorkingDirectory);
        var input = BuildLoopHarness.Input([Chunk("c1")]) with { TestsRequired = true };

        var result = await new BuildLoop(runner, TimeProvider.System, writes, verifier).RunAsync(harness.Request(input), null, TestContext.Current.CancellationToken);

        Assert.False(result.PerChunk.Single().TestsPassed);
        Assert.False(result.TestsPassed);
        var finished = harness.Events().OfType<TestsFinished>().Single();
        Assert.Contains("exit code 1", finished.Detail, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(harness.RunDirectory, "logs", "c1-tests.log")));
    }

    [Fact]
    public async Task Without_a_test_command_the_agents_claim_stays_and_the_journal_says_why()
    {
        using var repo = TempGitRepository.Create();
        var setup = new BuildRunSetup("s1", "r1", Path.Combine(repo.Root, ".orchestrator", "runs", "r1"), repo.Root, repo.Root, RunnerKind.Host, BuildIsolation.Shared, true,
            OrchestratorOptions.Default);

        var environment = await new BuildRunEnvironmentFactory(new ScriptedRunnerFactory(new ScriptedAgentRunner())).CreateAsync(setup, TestContext.Current.CancellationToken);

        var verification = await environment.Value!.Verifier.VerifyAsync(Core.Planning.ChunkPlanValidator.ValidateWaves([[Chunk("c1")]], null).Plan!["c1"], new ChunkWorkspace(repo.Root), new ExecutorOutput("done", "s", null, true, null), TestContext.Current.CancellationToken);
        Assert.True(verification.TestsPassed);
        Assert.Contains("set commands.test", verification.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_commands_test_the_detected_test_command_decides()
    {
        using var repo = TempGitRepository.Create();
        // An npm project whose test script fails: detection finds "npm test", and its exit code overrules the claim.
        repo.WriteFile("package.json", """{ "name": "p", "version": "1.0.0", "scripts": { "test": "exit 3" } }""");
        var setup = new BuildRunSetup("s1", "r1", Path.Combine(repo.Root, ".orchestrator", "runs", "r1"), repo.Root, repo.Root, RunnerKind.Host, BuildIsolation.Shared, true,
            OrchestratorOptions.Default);

        var environment = await new BuildRunEnvironmentFactory(new ScriptedRunnerFactory(new ScriptedAgentRunner())).CreateAsync(setup, TestContext.Current.CancellationToken);

        Assert.IsType<TestCommandChunkVerifier>(environment.Value!.Verifier);
        var verification = await environment.Value.Verifier.VerifyAsync(Core.Planning.ChunkPlanValidator.ValidateWaves([[Chunk("c1")]], null).Plan!["c1"], new ChunkWorkspace(repo.Root), new ExecutorOutput("done", "s", null, true, null), TestContext.Current.CancellationToken);
        Assert.False(verification.TestsPassed);
        Assert.Contains("npm test", verification.Detail, StringComparison.Ordinal);
    }

    /// <summary>The shared tree, where the executor's "work" is writing its chunk's first file.</summary>
    private sealed class WritingSharedTree(string workingDirectory) : IChunkWorkspaceProvider
    {
        public Task<ChunkWorkspace> PrepareAsync(Core.Planning.PlannedChunk chunk, int attempt, CancellationToken cancellationToken) =>
            Task.FromResult(new ChunkWorkspace(workingDirectory));

        public Task<WorkspaceCompletion> CompleteAsync(ChunkWorkspace workspace, Core.Planning.PlannedChunk chunk, ExecutorOutput executorOutput, CancellationToken cancellationToken)
        {
            var path = Path.Combine(workingDirectory, chunk.Files[0]);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "// done\n");
            return Task.FromResult(new WorkspaceCompletion(chunk.Files, [], null));
        }

        public Task DiscardAsync(ChunkWorkspace workspace, Core.Planning.PlannedChunk chunk, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
