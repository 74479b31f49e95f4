using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Git;
using Orchestrator.Core.Options;
using Orchestrator.Core.Planning;
using Orchestrator.Testing;

namespace Orchestrator.Core.Tests.Git;

/// <summary>
/// A pool slot reset at the cost of the change (issue 16): after an attempt's diff the slot keeps what its agent
/// changed, and the next claimant undoes exactly that; an agent that moved HEAD or a record that no longer fits is
/// handled the whole-tree way. Whatever the way, the next attempt sees exactly its snapshot.
/// </summary>
public sealed class WorktreePoolResetTests : IDisposable
{
    private static readonly ExecutorOutput Done = new("done", "did it", null, null, null);
    private readonly TempGitRepository _repo = TempGitRepository.Create();
    private readonly RecordingProcessRunner _processes = new();
    private readonly GitCli _git;

    public WorktreePoolResetTests()
    {
        _git = new GitCli(_processes);
        _repo.WriteFile("src/app.txt", "line 1\nline 2\n");
        _repo.WriteFile("src/keep.txt", "kept\n");
        _repo.WriteFile("src/deep/old.txt", "old\n");
        _repo.Commit("app");
        File.AppendAllText(Path.Combine(_repo.Root, ".git", "info", "exclude"), "/.orchestrator/\nnode_modules/\n*.log\n.env\nobj/\n");
        _repo.WriteFile("node_modules/pkg/index.js", "module.exports = 1;\n");
        _repo.WriteFile(".env", "SECRET=1\n");
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_a_diffed_attempt_the_next_reset_undoes_exactly_what_its_agent_left()
    {
        var provider = Provider();
        var chunk = Chunk("c1", "src/app.txt");
        var first = await provider.PrepareAsync(chunk, 1, Ct);
        LeaveEverything(first.WorkingDirectory);
        var completion = await provider.CompleteAsync(first, chunk, Done, Ct);
        await provider.DiscardAsync(first, chunk, Ct);
        var record = File.ReadAllText(WorktreeChangeRecord.FileOf(first.WorkingDirectory));
        _repo.WriteFile("src/later.txt", "later\n");
        _repo.WriteFile("src/app.txt", "line 1\nline 2 by the user\n");
        _repo.Git("rm", "-q", "src/deep/old.txt");

        var second = await provider.PrepareAsync(Chunk("c2", "src/later.txt"), 1, Ct);

        // The first attempt's diff saw every kind of change, and the scope check caught the ones outside its files.
        Assert.Contains("src/keep.txt", completion.ScopeViolations);
        Assert.Contains("stray/new.txt", completion.ScopeViolations);
        Assert.Contains("staged.txt", completion.ScopeViolations);
        Assert.DoesNotContain("obj/build.log", completion.ScopeViolations);
        Assert.Contains("obj/", record, StringComparison.Ordinal);
        Assert.False(File.Exists(WorktreeChangeRecord.FileOf(first.WorkingDirectory)), "the claim takes the record");
        Assert.Equal(WorkspaceKind.PooledWorktree, second.Kind);
        AssertExactly(second.WorkingDirectory, "refs/so-snapshots/s1/wave-1-c2-1");
        await provider.DiscardAsync(second, Chunk("c2", "src/later.txt"), Ct);
    }

    [Fact]
    public async Task An_agent_that_commits_in_its_worktree_still_has_its_change_diffed_and_applied_and_the_slot_resets()
    {
        var provider = Provider();
        var chunk = Chunk("c1", "src/app.txt", "src/new.txt");
        var first = await provider.PrepareAsync(chunk, 1, Ct);
        File.WriteAllText(Path.Combine(first.WorkingDirectory, "src/app.txt"), "committed by the agent\n");
        File.WriteAllText(Path.Combine(first.WorkingDirectory, "src/new.txt"), "new and uncommitted\n");
        TempGitRepository.GitIn(first.WorkingDirectory, "add", "src/app.txt");
        TempGitRepository.GitIn(first.WorkingDirectory, "-c", "user.name=a", "-c", "user.email=a@a", "commit", "-q", "-m", "agent commit");

        var completion = await provider.CompleteAsync(first, chunk, Done, Ct);
        await provider.ReleaseAsync(first, chunk, Ct);
        var second = await provider.PrepareAsync(Chunk("c2", "src/other.txt"), 1, Ct);

        Assert.Equal(["src/app.txt", "src/new.txt"], completion.FilesChanged.Order(StringComparer.Ordinal));
        Assert.Empty(completion.ScopeViolations);
        Assert.Null(completion.ConflictBlocker);
        Assert.Equal("committed by the agent\n", File.ReadAllText(Path.Combine(_repo.Root, "src/app.txt")));
        Assert.Equal("new and uncommitted\n", File.ReadAllText(Path.Combine(_repo.Root, "src/new.txt")));
        Assert.Equal(WorkspaceKind.PooledWorktree, second.Kind);
        AssertExactly(second.WorkingDirectory, "refs/so-snapshots/s1/wave-1-c2-1");
        await provider.DiscardAsync(second, Chunk("c2", "src/other.txt"), Ct);
    }

    [Fact]
    public async Task A_record_that_no_longer_fits_the_slot_is_not_trusted()
    {
        var provider = Provider();
        var chunk = Chunk("c1", "src/app.txt");
        var first = await provider.PrepareAsync(chunk, 1, Ct);
        File.WriteAllText(Path.Combine(first.WorkingDirectory, "src/app.txt"), "edited\n");
        await provider.CompleteAsync(first, chunk, Done, Ct);
        await provider.DiscardAsync(first, chunk, Ct);
        // While idle, someone edits another file, and the record names another HEAD than the slot's: it does not fit,
        // so the claimant reads the slot's changes itself (and finds the idle edit).
        File.WriteAllText(Path.Combine(first.WorkingDirectory, "src/keep.txt"), "edited while idle\n");
        var record = File.ReadAllText(WorktreeChangeRecord.FileOf(first.WorkingDirectory));
        File.WriteAllText(WorktreeChangeRecord.FileOf(first.WorkingDirectory), "0000000000000000000000000000000000000000" + record[record.IndexOf('\0', StringComparison.Ordinal)..]);

        var second = await provider.PrepareAsync(Chunk("c2", "src/later.txt"), 1, Ct);

        Assert.Equal(WorkspaceKind.PooledWorktree, second.Kind);
        AssertExactly(second.WorkingDirectory, "refs/so-snapshots/s1/wave-1-c2-1");
        await provider.DiscardAsync(second, Chunk("c2", "src/later.txt"), Ct);
    }

    [Fact]
    public void Status_output_is_read_into_tracked_untracked_and_ignored_paths()
    {
        var changes = WorktreeChanges.Parse(" M src/a.txt\0D  src/b.txt\0A  c.txt\0?? new dir/x.txt\0!! obj/\0!! node_modules\0");

        Assert.Equal(["src/a.txt", "src/b.txt", "c.txt"], changes.Tracked);
        Assert.Equal(["new dir/x.txt"], changes.Untracked);
        Assert.Equal(["obj/"], changes.Without(["node_modules"]).Ignored);
    }

    public void Dispose() => _repo.Dispose();

    // Everything an agent can leave: an edit, a new file in a new folder, an ignored build output, a deleted file, a
    // staged file, a changed .env.
    private static void LeaveEverything(string worktree)
    {
        File.WriteAllText(Path.Combine(worktree, "src/app.txt"), "edited by the first attempt\n");
        Directory.CreateDirectory(Path.Combine(worktree, "stray"));
        File.WriteAllText(Path.Combine(worktree, "stray/new.txt"), "stray\n");
        Directory.CreateDirectory(Path.Combine(worktree, "obj"));
        File.WriteAllText(Path.Combine(worktree, "obj/build.log"), "ignored output\n");
        File.Delete(Path.Combine(worktree, "src/keep.txt"));
        File.WriteAllText(Path.Combine(worktree, "staged.txt"), "staged\n");
        TempGitRepository.GitIn(worktree, "add", "staged.txt");
        File.WriteAllText(Path.Combine(worktree, ".env"), "SECRET=changed by the agent\n");
    }

    [Fact]
    public async Task A_reset_to_a_newer_snapshot_names_the_changed_paths_and_never_checks_out_the_whole_tree()
    {
        var provider = Provider();
        var chunk = Chunk("c1", "src/app.txt");
        var first = await provider.PrepareAsync(chunk, 1, Ct);
        File.WriteAllText(Path.Combine(first.WorkingDirectory, "src/app.txt"), "line 1\nline 2 by c1\n");
        await provider.CompleteAsync(first, chunk, Done, Ct);
        await provider.ReleaseAsync(first, chunk, Ct);
        _repo.WriteFile("src/later.txt", "later\n");
        _processes.Clear();

        var second = await provider.PrepareAsync(Chunk("c2", "src/later.txt"), 1, Ct);

        // The snapshot differs from the slot's HEAD in two paths: those are restored, nothing else is touched. (The
        // whole-tree checkout plus clean, the fallback, rewrites every file of a large tree; it used to run on every
        // reset because a newline after the last NUL of the diff's output became a pathspec git refused.)
        var git = _processes.GitCommands();
        Assert.Equal(WorkspaceKind.PooledWorktree, second.Kind);
        Assert.Contains(git, command => command.Contains(" restore ", StringComparison.Ordinal) && command.EndsWith("-- src/app.txt src/later.txt", StringComparison.Ordinal));
        Assert.DoesNotContain(git, command => command.Contains(" checkout ", StringComparison.Ordinal) || command.Contains(" clean ", StringComparison.Ordinal));
        AssertExactly(second.WorkingDirectory, "refs/so-snapshots/s1/wave-1-c2-1");
        await provider.DiscardAsync(second, Chunk("c2", "src/later.txt"), Ct);
    }

    private void AssertExactly(string worktree, string snapshotRef)
    {
        var snapshot = _repo.Git("rev-parse", snapshotRef);
        Assert.Equal(snapshot, TempGitRepository.GitIn(worktree, "rev-parse", "HEAD"));
        var expected = _repo.Git("ls-tree", "-r", "--name-only", snapshot).Split('\n', StringSplitOptions.RemoveEmptyEntries).Append(".env").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, FilesIn(worktree));
        foreach (var file in expected.Where(f => f != ".env"))
        {
            Assert.Equal(_repo.Git("show", $"{snapshot}:{file}"), File.ReadAllText(Path.Combine(worktree, file)).TrimEnd('\n'));
        }

        Assert.Equal("SECRET=1\n", File.ReadAllText(Path.Combine(worktree, ".env")));
        Assert.Equal(Path.Combine(_repo.Root, "node_modules"), new DirectoryInfo(Path.Combine(worktree, "node_modules")).LinkTarget);
        // Clean but for the dependency link ("node_modules/" in the excludes matches folders, not links).
        Assert.Equal(["?? node_modules"], TempGitRepository.GitIn(worktree, "status", "--porcelain", "--untracked-files=all").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain(Directory.GetDirectories(worktree, "*", SearchOption.AllDirectories), d => new DirectoryInfo(d).LinkTarget is null && !Directory.EnumerateFileSystemEntries(d).Any());
    }

    private static List<string> FilesIn(string worktree) =>
        Directory.EnumerateFileSystemEntries(worktree, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Where(p => !Directory.Exists(p) || new DirectoryInfo(p).LinkTarget is not null)
            .Select(p => Path.GetRelativePath(worktree, p).Replace('\\', '/'))
            .Where(p => p != ".git" && p != "node_modules" && !p.StartsWith("node_modules/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    private WorktreeWorkspaceProvider Provider() =>
        new(_git, "s1", "r1", _repo.Root, _repo.Root, new OrchestratorOptions { WorktreePool = new WorktreePoolOptions { Size = 1 } });

    private static PlannedChunk Chunk(string id, params string[] files) =>
        ChunkPlanValidator.ValidateWaves([[TestChunks.Chunk(id, files: files)]], null).Plan![id];
}
