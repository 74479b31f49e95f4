using Orchestrator.Core.Agents;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Journal.Events;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Git;
using Orchestrator.Core.Options;
using Orchestrator.Core.Processes;
using Orchestrator.Core.Tests.Close;
using Orchestrator.Testing;
using static Orchestrator.Testing.TestChunks;

namespace Orchestrator.Core.Tests.Build;

/// <summary>
/// The apply window: a worker killed after a chunk's change was 3-way applied to the session tree but before its
/// <c>attempt.finished</c> was journalled (found by the seeded 50-session soak). Real git, the real worktree provider and
/// dispatcher: a run goes to its end, then its journal is cut right before that <c>attempt.finished</c> (exactly what the
/// kill leaves: the applied file in the session tree, an attempt started and never finished), and the run is resumed.
/// The re-run attempt finds its change already applied (empty diff): it ends ok with the note, not as a phantom done.
/// </summary>
public sealed class ApplyWindowResumeTests
{
    private const string Content = "written by c1\n";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_resumed_attempt_whose_change_was_applied_before_the_kill_ends_ok_with_the_note()
    {
        using var repo = TempGitRepository.Create();
        using var harness = new BuildLoopHarness();
        var input = BuildLoopHarness.Input([Chunk("c0", files: ["src/c0.txt"])], [Chunk("c1", files: ["src/c1.txt"], dependsOn: ["c0"])]);
        var first = await Loop(repo, Agents(new ScriptedAgentRunner())).RunAsync(Request(harness, repo, input), null, Ct);
        Assert.Equal(BuildRunStatus.Completed, first.Status);

        var c1Key = CutBeforeFinishOf(harness.RunDirectory, "c1");
        File.Delete(Path.Combine(harness.RunDirectory, RunJournal.ResultFileName));
        Assert.Equal(Content, File.ReadAllText(Path.Combine(repo.Root, "src", "c1.txt")));
        var resumedAgents = new ScriptedAgentRunner();
        var resumed = await Loop(repo, Agents(resumedAgents)).ResumeAsync(harness.RunDirectory, null, null, Ct);

        var rerun = RunJournal.ReadEvents(harness.RunDirectory).OfType<AttemptFinished>().Single(e => e.Key == c1Key);
        var c1 = resumed.Attempts.Where(a => a is { ChunkId: "c1", Role: AgentRole.Executor }).ToList();
        Assert.Equal(BuildRunStatus.Completed, resumed.Status);
        Assert.Equal(AttemptOutcome.Succeeded, Assert.Single(c1).Outcome);
        Assert.Equal("its change to src/c1.txt was already in the session tree: applied by an earlier run of this attempt that was cut off", c1[0].Discrepancy);
        Assert.Equal(AttemptOutcome.Succeeded, rerun.Outcome);
        Assert.Contains("src/c1.txt", resumed.FilesChanged);
        Assert.True(Assert.Single(resumed.PerChunk, p => p.ChunkId == "c1").Ok);
        // c0 had finished: replayed, never dispatched again; c1's attempt ran once more (it had not finished).
        Assert.Equal(["c1"], resumedAgents.JobsFor(AgentRole.Executor).Select(j => j.ChunkId));
        Assert.Equal(Content, File.ReadAllText(Path.Combine(repo.Root, "src", "c1.txt")));
    }

    [Fact]
    public async Task The_same_empty_diff_without_an_earlier_start_of_the_attempt_is_still_a_phantom_done()
    {
        // The note is earned only by a re-run of a cut-off attempt: a first attempt whose file merely exists already
        // (the user's own uncommitted edit) claimed work it did not do.
        using var repo = TempGitRepository.Create();
        using var harness = new BuildLoopHarness();
        repo.WriteFile("src/c1.txt", Content);
        var result = await Loop(repo, Agents(new ScriptedAgentRunner())).RunAsync(Request(harness, repo, BuildLoopHarness.Input([Chunk("c1", files: ["src/c1.txt"])])), null, Ct);

        var attempts = result.Attempts.Where(a => a is { ChunkId: "c1", Role: AgentRole.Executor }).ToList();
        Assert.NotEqual(BuildRunStatus.Completed, result.Status);
        Assert.All(attempts, a => Assert.Equal(AttemptOutcome.Failed, a.Outcome));
        Assert.All(attempts, a => Assert.StartsWith("claimed done but changed nothing", a.Reason, StringComparison.Ordinal));
    }

    /// <summary>Executors that write their chunk's file (the same content every time) and answer done; clean reviews.</summary>
    private static FileWritingRunner Agents(ScriptedAgentRunner scripted)
    {
        scripted
            .When(j => j.Role == AgentRole.Executor, ScriptedStep.Done("wrote the file"), ScriptedStep.Done("wrote the file"), ScriptedStep.Done("wrote the file"))
            .When(j => j.Role != AgentRole.Executor, ScriptedStep.Clean(), ScriptedStep.Clean(), ScriptedStep.Clean());
        return new FileWritingRunner(scripted, new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["c0"] = new Dictionary<string, string> { ["src/c0.txt"] = "written by c0\n" },
            ["c1"] = new Dictionary<string, string> { ["src/c1.txt"] = Content },
        });
    }

    private static BuildLoop Loop(TempGitRepository repo, IAgentRunner runner) =>
        new(runner, TimeProvider.System, new WorktreeWorkspaceProvider(new GitCli(new ProcessRunner()), "s1", "run-1", repo.Root, repo.Root, new OrchestratorOptions(), 1));

    private static BuildRunRequest Request(BuildLoopHarness harness, TempGitRepository repo, BuildRunInput input) =>
        new("run-1", harness.RunDirectory, repo.Root, input, new BuildOptions { MaxParallel = 1 });

    /// <summary>Cuts the journal right before the executor attempt of <paramref name="chunkId"/> finished; answers its key.</summary>
    private static string CutBeforeFinishOf(string runDirectory, string chunkId)
    {
        var path = RunJournal.PathIn(runDirectory);
        var lines = File.ReadAllLines(path);
        var finished = RunJournal.ReadEvents(runDirectory).OfType<AttemptFinished>().First(e => e.ChunkId == chunkId && e.Role == AgentRole.Executor);
        var cut = Array.FindIndex(lines, l => l.Contains($"\"seq\":{finished.Seq},", StringComparison.Ordinal));
        Assert.True(cut > 0, "the attempt.finished line was not found");
        File.WriteAllText(path, string.Concat(lines.Take(cut).Select(l => l + "\n")));
        return finished.Key;
    }
}
