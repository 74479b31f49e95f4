using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Verification;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Planning;
using Orchestrator.Testing;
using static Orchestrator.Testing.TestChunks;

namespace Orchestrator.Core.Tests.Build.Journal;

/// <summary>
/// The run behind Fixtures/events-v1.jsonl: two waves; c1 escalates after a blocked attempt and joins the opus
/// review; c2 fails all three attempts (and its workspace cannot be discarded); c3 gets a blocker that one fix
/// iteration resolves; c4 is skipped because c2 failed; c5's first attempt edits outside its files and its second
/// hangs until the run is cancelled. The run is then resumed with a larger budget and ends with the run-level tests.
/// </summary>
internal static class JournalFixtureScenario
{
    public static async Task<(BuildRunResult Cancelled, BuildRunResult Resumed)> RunAsync(BuildLoopHarness harness, CancellationToken cancellationToken)
    {
        var input = new BuildRunInput(
            "Add a report page",
            "# Plan\n1. api\n2. ui",
            true,
            Waves(
                [Chunk("c1", model: "haiku", opusReview: true), Chunk("c2"), Chunk("c3", tests: true)],
                [Chunk("c4", dependsOn: ["c2"]), Chunk("c5", files: ["src/c5.cs"], dependsOn: ["c1"])]));
        var workspaces = new FixtureWorkspaces(harness.WorkingDirectory);
        var verifier = new FixtureVerifier();

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var first = new ScriptedAgentRunner { CostPerCall = 0.25m }
            .Executor("c1", ScriptedStep.Blocked("needs the api types"), ScriptedStep.Done("added the api", "src/c1.cs"))
            .Executor("c2", ScriptedStep.Blocked("no schema"), ScriptedStep.Blocked("still no schema"), ScriptedStep.Blocked("schema missing"))
            .Executor("c3", ScriptedStep.Done("added the page", "src/c3.cs"))
            .Executor("c5", ScriptedStep.Done("touched too much", "src/c5.cs", "src/other.cs"), ScriptedStep.Hang());
        var run = new BuildLoop(first, TimeProvider.System, workspaces, verifier)
            .RunAsync(harness.Request(input, new BuildOptions { MaxParallel = 1, BudgetUsd = 5m }), null, cts.Token);
        await first.WaitForJobAsync(j => j.ChunkId == "c5" && j.Attempt == 2).WaitAsync(cancellationToken);
        await cts.CancelAsync();
        var cancelled = await run;

        var second = new ScriptedAgentRunner { CostPerCall = 0.5m }
            .Executor("c5", ScriptedStep.Done("report page wired", "src/c5.cs"))
            .Reviewer("c3", ScriptedStep.Findings(new ReviewFinding("c3", FindingSeverity.Blocker, "Page crashes on empty data", "null list", "src/c3.cs", 12)), ScriptedStep.Findings(new ReviewFinding("c3", FindingSeverity.Nit, "Name the magic number")))
            .Reviewer("c1", ScriptedStep.Findings(new ReviewFinding("c1", FindingSeverity.Concern, "No paging")))
            .OpusReviewer(ScriptedStep.Findings(new ReviewFinding("c1", FindingSeverity.Concern, "Cache the totals"), new ReviewFinding("elsewhere", FindingSeverity.Concern, "Docs lag behind")));
        var resumed = await new BuildLoop(second, TimeProvider.System, workspaces, verifier)
            .ResumeAsync(harness.RunDirectory, new BuildOptions { MaxParallel = 1, BudgetUsd = 10m }, null, cancellationToken);
        return (cancelled, resumed);
    }

    private sealed class FixtureWorkspaces(string workingDirectory) : IChunkWorkspaceProvider
    {
        public Task<ChunkWorkspace> PrepareAsync(PlannedChunk chunk, int attempt, CancellationToken cancellationToken) =>
            Task.FromResult(new ChunkWorkspace(Path.Combine(workingDirectory, $"wt-{chunk.Id}-{attempt}")));

        public Task<WorkspaceCompletion> CompleteAsync(ChunkWorkspace workspace, PlannedChunk chunk, ExecutorOutput executorOutput, CancellationToken cancellationToken) =>
            Task.FromResult(executorOutput.Summary == "touched too much"
                ? new WorkspaceCompletion([], ["src/other.cs"], null)
                // It passes the agent's claim on, as the v1 loop did: claims are not checked (no diff measured).
                : new WorkspaceCompletion(executorOutput.FilesChanged ?? [], [], null) { Measured = false });

        public Task DiscardAsync(ChunkWorkspace workspace, PlannedChunk chunk, CancellationToken cancellationToken) =>
            chunk.Id == "c2" ? Task.FromException(new IOException("device or resource busy")) : Task.CompletedTask;
    }

    private sealed class FixtureVerifier : IChunkVerifier
    {
        public Task<ChunkVerification> VerifyAsync(PlannedChunk chunk, ChunkWorkspace workspace, ExecutorOutput executorOutput, CancellationToken cancellationToken) =>
            Task.FromResult(new ChunkVerification(true, $"tests of {chunk.Id} passed"));

        public Task<ChunkVerification?> VerifyRunAsync(string sessionTree, CancellationToken cancellationToken) =>
            Task.FromResult<ChunkVerification?>(new ChunkVerification(true, "all 12 tests passed"));
    }
}
