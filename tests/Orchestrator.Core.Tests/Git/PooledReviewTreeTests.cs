using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Journal.Events;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Git;
using Orchestrator.Core.Options;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Processes;
using Orchestrator.Testing;

namespace Orchestrator.Core.Tests.Git;

/// <summary>
/// Review trees come from the worktree pool, reset without trusting the slot's change record and checked clean: a
/// reviewer sees exactly the session tree, never what an executor (or anything after its diff) left in the slot.
/// </summary>
public sealed class PooledReviewTreeTests : IDisposable
{
    private static readonly ExecutorOutput Done = new("done", "did it", null, null, null);
    private readonly TempGitRepository _repo = TempGitRepository.Create();
    private readonly GitCli _git = new(new ProcessRunner());

    public PooledReviewTreeTests()
    {
        _repo.WriteFile("src/app.txt", "line 1\nline 2\n");
        _repo.WriteFile("src/keep.txt", "kept\n");
        _repo.Commit("app");
        File.AppendAllText(Path.Combine(_repo.Root, ".git", "info", "exclude"), "/.orchestrator/\nnode_modules/\n*.log\nobj/\n.env\n");
        _repo.WriteFile("node_modules/pkg/index.js", "module.exports = 1;\n");
        _repo.WriteFile(".env", "SECRET=1\n");
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_review_tree_reuses_the_executors_slot_and_holds_exactly_the_session_tree_even_when_its_record_is_stale()
    {
        var provider = Provider(size: 1);
        var chunk = Chunk("c1", "src/app.txt");
        var executor = await provider.PrepareAsync(chunk, 1, Ct);
        File.WriteAllText(Path.Combine(executor.WorkingDirectory, "src/app.txt"), "line 1\nline 2 by the executor\n");
        var completion = await provider.CompleteAsync(executor, chunk, Done, Ct);
        Assert.Equal(["src/app.txt"], completion.FilesChanged);
        // Written after the attempt's diff was read (a verifier's build, say): the slot's change record does not name them.
        File.WriteAllText(Path.Combine(executor.WorkingDirectory, "late.txt"), "after the diff\n");
        Directory.CreateDirectory(Path.Combine(executor.WorkingDirectory, "obj"));
        File.WriteAllText(Path.Combine(executor.WorkingDirectory, "obj/late.log"), "ignored output after the diff\n");
        File.WriteAllText(Path.Combine(executor.WorkingDirectory, "src/keep.txt"), "edited after the diff\n");
        File.Delete(Path.Combine(executor.WorkingDirectory, ".env"));
        await provider.ReleaseAsync(executor, chunk, Ct);

        var review = await provider.PrepareReviewAsync(chunk, 0, Ct);

        Assert.NotNull(review);
        Assert.Equal(executor.WorkingDirectory, review.WorkingDirectory);
        Assert.Equal(WorkspaceKind.PooledWorktree, review.Kind);
        Assert.Equal(SessionTreeFiles(), FilesIn(review.WorkingDirectory));
        foreach (var file in SessionTreeFiles())
        {
            Assert.Equal(File.ReadAllText(Path.Combine(_repo.Root, file)), File.ReadAllText(Path.Combine(review.WorkingDirectory, file)));
        }

        Assert.Equal("line 1\nline 2 by the executor\n", File.ReadAllText(Path.Combine(review.WorkingDirectory, "src/app.txt")));
        Assert.Equal(Path.Combine(_repo.Root, "node_modules"), new DirectoryInfo(Path.Combine(review.WorkingDirectory, "node_modules")).LinkTarget);
        // The dependency link is the orchestrator's own (a link never matches "node_modules/"); nothing else differs.
        Assert.Equal("?? node_modules", TempGitRepository.GitIn(review.WorkingDirectory, "status", "--porcelain", "--untracked-files=all").Trim());

        // Whatever the reviewer leaves is gone for the next executor, which has no record to go by.
        File.WriteAllText(Path.Combine(review.WorkingDirectory, "src/app.txt"), "edited by the reviewer\n");
        File.WriteAllText(Path.Combine(review.WorkingDirectory, "review-notes.txt"), "notes\n");
        await provider.DiscardAsync(review, chunk, Ct);
        Assert.False(File.Exists(WorktreeChangeRecord.FileOf(review.WorkingDirectory)));
        var next = await provider.PrepareAsync(Chunk("c2", "src/other.txt"), 1, Ct);
        Assert.Equal(WorkspaceKind.PooledWorktree, next.Kind);
        Assert.Equal(SessionTreeFiles(), FilesIn(next.WorkingDirectory));
        Assert.Equal("line 1\nline 2 by the executor\n", File.ReadAllText(Path.Combine(next.WorkingDirectory, "src/app.txt")));
        await provider.DiscardAsync(next, Chunk("c2", "src/other.txt"), Ct);
    }

    [Fact]
    public async Task A_review_tree_is_a_fresh_worktree_only_while_every_slot_is_held()
    {
        var provider = Provider(size: 1);
        var chunk = Chunk("c1", "src/app.txt");
        var held = await provider.PrepareAsync(chunk, 1, Ct);

        var review = await provider.PrepareReviewAsync(chunk, 0, Ct);

        Assert.NotNull(review);
        Assert.Equal(WorkspaceKind.FreshWorktree, review.Kind);
        Assert.NotEqual(held.WorkingDirectory, review.WorkingDirectory);
        await provider.DiscardAsync(review, chunk, Ct);
        Assert.False(Directory.Exists(review.WorkingDirectory));
        await provider.DiscardAsync(held, chunk, Ct);
    }

    [Fact]
    public async Task The_journal_frames_each_review_tree_under_its_reviews_key()
    {
        var runDirectory = Path.Combine(_repo.Root, ".orchestrator", "runs", "r1");
        var runner = new ScriptedAgentRunner().Executor("c1", ScriptedStep.Done("nothing to change"));
        var input = new BuildRunInput("review trees", "one chunk", false, TestChunks.Waves([[TestChunks.Chunk("c1", files: ["src/app.txt"])]]));

        await new BuildLoop(runner, TimeProvider.System, Provider(size: 2))
            .RunAsync(new BuildRunRequest("r1", runDirectory, _repo.Root, input, new BuildOptions()), null, Ct);

        var events = RunJournal.ReadEvents(runDirectory);
        var review = events.OfType<AttemptStarted>().Single(e => e.Role == AgentRole.Reviewer);
        var framing = events.Where(e => e is WorkspacePreparing { Key: var k } && k == review.Key
            || e is WorkspaceReady { Key: var r } && r == review.Key
            || e is WorkspaceReleased { Key: var d } && d == review.Key
            || e.Seq == review.Seq).ToList();
        Assert.Equal([RunEventTypes.WorkspacePreparing, RunEventTypes.WorkspaceReady, RunEventTypes.AttemptStarted, RunEventTypes.WorkspaceReleased], framing.Select(e => e.Type));
        var ready = Assert.IsType<WorkspaceReady>(framing[1]);
        Assert.Equal("c1", ready.ChunkId);
        Assert.Equal(WorkspaceKind.PooledWorktree, ready.Kind);
        Assert.Equal(Assert.IsType<WorkspaceReady>(events.First(e => e is WorkspaceReady { Key: var k } && k.StartsWith("exec:", StringComparison.Ordinal))).Workspace, ready.Workspace);
        Assert.True(Assert.IsType<WorkspaceReleased>(framing[3]).Discarded);
        Assert.Equal(ready.Workspace, runner.JobsFor(AgentRole.Reviewer, "c1").Single().WorkingDirectory);
    }

    public void Dispose() => _repo.Dispose();

    private List<string> SessionTreeFiles() =>
        _repo.Git("ls-files", "--cached", "--others", "--exclude-standard").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => File.Exists(Path.Combine(_repo.Root, p)))
            .Append(".env")
            .Order(StringComparer.Ordinal)
            .ToList();

    private static List<string> FilesIn(string worktree) =>
        Directory.EnumerateFileSystemEntries(worktree, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Where(p => !Directory.Exists(p) || new DirectoryInfo(p).LinkTarget is not null)
            .Select(p => Path.GetRelativePath(worktree, p).Replace('\\', '/'))
            .Where(p => p != ".git" && p != "node_modules" && !p.StartsWith("node_modules/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    private WorktreeWorkspaceProvider Provider(int size) =>
        new(_git, "s1", "r1", _repo.Root, _repo.Root, new OrchestratorOptions { WorktreePool = new WorktreePoolOptions { Size = size } });

    private static PlannedChunk Chunk(string id, params string[] files) =>
        ChunkPlanValidator.ValidateWaves([[TestChunks.Chunk(id, files: files)]], null).Plan![id];
}
