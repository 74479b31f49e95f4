using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Git;
using Orchestrator.Core.Options;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Processes;
using Orchestrator.Testing;

namespace Orchestrator.Core.Tests.Git;

/// <summary>Worktree isolation with real git in temporary repositories.</summary>
public sealed class WorktreeIsolationTests : IDisposable
{
    private static readonly ExecutorOutput Done = new("done", "did it", null, null, null);
    private readonly TempGitRepository _repo = TempGitRepository.Create();
    private readonly GitCli _git = new(new ProcessRunner());

    public WorktreeIsolationTests()
    {
        _repo.WriteFile("src/app.txt", "line 1\nline 2\nline 3\nline 4\nline 5\n");
        _repo.Commit("app");
        File.AppendAllText(Path.Combine(_repo.Root, ".git", "info", "exclude"), "/.orchestrator/\nnode_modules/\n");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public async Task Snapshot_captures_the_tree_but_leaves_the_users_index_branch_and_HEAD_untouched(int poolSize)
    {
        var ct = TestContext.Current.CancellationToken;
        _repo.WriteFile("staged.txt", "staged\n");
        _repo.Git("add", "staged.txt");
        _repo.WriteFile("src/app.txt", "line 1 edited\nline 2\nline 3\nline 4\nline 5\n");
        _repo.WriteFile("untracked.txt", "new\n");
        var statusBefore = _repo.Git("status", "--porcelain");
        var headBefore = _repo.Git("rev-parse", "HEAD");
        var indexBefore = _repo.Git("ls-files", "--stage");
        var provider = Provider(Pooled(poolSize));

        var workspace = await provider.PrepareAsync(Chunk("c1", "src/app.txt"), 1, ct);

        Assert.Equal(statusBefore, _repo.Git("status", "--porcelain"));
        Assert.Equal(headBefore, _repo.Git("rev-parse", "HEAD"));
        Assert.Equal(indexBefore, _repo.Git("ls-files", "--stage"));
        Assert.Equal("main", _repo.Git("symbolic-ref", "--short", "HEAD"));
        var snapshot = _repo.Git("rev-parse", "refs/so-snapshots/s1/wave-1-c1-1");
        Assert.Equal(headBefore, _repo.Git("rev-parse", snapshot + "^"));
        // The worktree sees the session tree as it is: staged, unstaged and untracked changes alike.
        Assert.Equal("staged\n", File.ReadAllText(Path.Combine(workspace.WorkingDirectory, "staged.txt")));
        Assert.Equal("new\n", File.ReadAllText(Path.Combine(workspace.WorkingDirectory, "untracked.txt")));
        Assert.StartsWith("line 1 edited", File.ReadAllText(Path.Combine(workspace.WorkingDirectory, "src/app.txt")), StringComparison.Ordinal);
        Assert.False(ChunkWorktreeLocations.IsInside(workspace.WorkingDirectory, _repo.Root), workspace.WorkingDirectory);

        await provider.DiscardAsync(workspace, Chunk("c1", "src/app.txt"), ct);
        AssertGivenBack(workspace, poolSize);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public async Task In_scope_changes_and_new_files_are_applied_without_staging_anything(int poolSize)
    {
        var ct = TestContext.Current.CancellationToken;
        var chunk = Chunk("c1", "src/app.txt", "src/new/");
        var provider = Provider(Pooled(poolSize));
        var workspace = await provider.PrepareAsync(chunk, 1, ct);
        File.WriteAllText(Path.Combine(workspace.WorkingDirectory, "src/app.txt"), "line 1\nline 2 by chunk\nline 3\nline 4\nline 5\n");
        Directory.CreateDirectory(Path.Combine(workspace.WorkingDirectory, "src/new"));
        File.WriteAllText(Path.Combine(workspace.WorkingDirectory, "src/new/file.txt"), "created\n");
        // Meanwhile the session tree changed elsewhere in the same file: a three-way merge keeps both.
        _repo.WriteFile("src/app.txt", "line 1\nline 2\nline 3\nline 4\nline 5 by user\n");

        var completion = await provider.CompleteAsync(workspace, chunk, Done, ct);
        await provider.ReleaseAsync(workspace, chunk, ct);

        Assert.Empty(completion.ScopeViolations);
        Assert.Null(completion.ConflictBlocker);
        Assert.Equal(["src/app.txt", "src/new/file.txt"], completion.FilesChanged.Order(StringComparer.Ordinal));
        Assert.Equal("line 1\nline 2 by chunk\nline 3\nline 4\nline 5 by user\n", File.ReadAllText(Path.Combine(_repo.Root, "src/app.txt")));
        Assert.Equal("created\n", File.ReadAllText(Path.Combine(_repo.Root, "src/new/file.txt")));
        Assert.Equal("", _repo.Git("diff", "--cached", "--name-only"));
        AssertGivenBack(workspace, poolSize);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public async Task Out_of_scope_changes_are_violations_and_nothing_is_applied(int poolSize)
    {
        var ct = TestContext.Current.CancellationToken;
        var chunk = Chunk("c1", "src/app.txt");
        var provider = Provider(Pooled(poolSize));
        var workspace = await provider.PrepareAsync(chunk, 1, ct);
        File.WriteAllText(Path.Combine(workspace.WorkingDirectory, "src/app.txt"), "changed\n");
        File.WriteAllText(Path.Combine(workspace.WorkingDirectory, "README.md"), "hijacked\n");
        File.WriteAllText(Path.Combine(workspace.WorkingDirectory, "stray.txt"), "stray\n");

        var completion = await provider.CompleteAsync(workspace, chunk, Done, ct);

        Assert.Equal(["README.md", "stray.txt"], completion.ScopeViolations.Order(StringComparer.Ordinal));
        Assert.Equal("# test repository\n", File.ReadAllText(Path.Combine(_repo.Root, "README.md")));
        Assert.StartsWith("line 1\n", File.ReadAllText(Path.Combine(_repo.Root, "src/app.txt")), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_repo.Root, "stray.txt")));
        await provider.DiscardAsync(workspace, chunk, ct);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public async Task A_three_way_conflict_is_a_blocker_and_never_overwrites(int poolSize)
    {
        var ct = TestContext.Current.CancellationToken;
        var chunk = Chunk("c1", "src/app.txt");
        var provider = Provider(Pooled(poolSize));
        var workspace = await provider.PrepareAsync(chunk, 1, ct);
        File.WriteAllText(Path.Combine(workspace.WorkingDirectory, "src/app.txt"), "line 1 by chunk\nline 2\nline 3\nline 4\nline 5\n");
        var users = "line 1 by user\nline 2\nline 3\nline 4\nline 5\n";
        _repo.WriteFile("src/app.txt", users);

        var completion = await provider.CompleteAsync(workspace, chunk, Done, ct);

        Assert.NotNull(completion.ConflictBlocker);
        Assert.StartsWith("git apply --3way conflicted on src/app.txt", completion.ConflictBlocker, StringComparison.Ordinal);
        Assert.Equal(["src/app.txt"], completion.FilesChanged);
        Assert.Equal(users, File.ReadAllText(Path.Combine(_repo.Root, "src/app.txt")));
        Assert.Equal("", _repo.Git("diff", "--cached", "--name-only"));
        await provider.DiscardAsync(workspace, chunk, ct);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public async Task Heavy_ignored_folders_are_symlinked_and_never_count_as_changes(int poolSize)
    {
        var ct = TestContext.Current.CancellationToken;
        _repo.WriteFile("node_modules/pkg/index.js", "module.exports = 1;\n");
        var chunk = Chunk("c1", "src/app.txt");
        var provider = Provider(Pooled(poolSize));
        var workspace = await provider.PrepareAsync(chunk, 1, ct);
        var linkTarget = new DirectoryInfo(Path.Combine(workspace.WorkingDirectory, "node_modules")).LinkTarget;
        File.WriteAllText(Path.Combine(workspace.WorkingDirectory, "src/app.txt"), "edited\n");

        var completion = await provider.CompleteAsync(workspace, chunk, Done, ct);
        await provider.ReleaseAsync(workspace, chunk, ct);

        Assert.Equal(Path.Combine(_repo.Root, "node_modules"), linkTarget);
        Assert.Empty(completion.ScopeViolations);
        Assert.Equal(["src/app.txt"], completion.FilesChanged);
        // Removing the worktree (or giving the slot back) never touched the folder the link points to.
        Assert.True(File.Exists(Path.Combine(_repo.Root, "node_modules/pkg/index.js")));
        AssertGivenBack(workspace, poolSize);
    }

    [Theory]
    [InlineData(0, "node_modules")]
    [InlineData(4, "node_modules")]
    [InlineData(0, "node_modules/")]
    [InlineData(4, "node_modules/")]
    public async Task A_session_tree_whose_dependency_folder_is_itself_a_link_snapshots_and_applies(int poolSize, string gitignoreLine)
    {
        // A session worktree: its node_modules is a link to the main tree's folder, ignored by the user's .gitignore
        // (a line without the slash matches the link) or only by info/exclude (with it, the link is a file to git).
        var ct = TestContext.Current.CancellationToken;
        var dependencies = Path.Combine(Path.GetDirectoryName(_repo.Root)!, "main-node_modules");
        Directory.CreateDirectory(Path.Combine(dependencies, "pkg"));
        File.WriteAllText(Path.Combine(dependencies, "pkg", "index.js"), "module.exports = 1;\n");
        _repo.WriteFile(".gitignore", gitignoreLine + "\n");
        _repo.Commit("ignore dependencies");
        File.AppendAllText(Path.Combine(_repo.Root, ".git", "info", "exclude"), "/node_modules\n");
        Directory.CreateSymbolicLink(Path.Combine(_repo.Root, "node_modules"), dependencies);
        var chunk = Chunk("c1", "src/app.txt");
        var provider = Provider(Pooled(poolSize));

        var workspace = await provider.PrepareAsync(chunk, 1, ct);
        var linkTarget = new DirectoryInfo(Path.Combine(workspace.WorkingDirectory, "node_modules")).LinkTarget;
        File.WriteAllText(Path.Combine(workspace.WorkingDirectory, "src/app.txt"), "edited\n");
        var completion = await provider.CompleteAsync(workspace, chunk, Done, ct);
        await provider.ReleaseAsync(workspace, chunk, ct);

        Assert.Equal(["src/app.txt"], completion.FilesChanged);
        Assert.Null(completion.ConflictBlocker);
        Assert.Equal("edited\n", File.ReadAllText(Path.Combine(_repo.Root, "src/app.txt")));
        Assert.Equal(dependencies, linkTarget);
        Assert.DoesNotContain("node_modules", _repo.Git("ls-tree", "--name-only", "refs/so-snapshots/s1/wave-1-c1-1"), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dependencies, "pkg", "index.js")));
    }

    [Fact]
    public async Task A_whole_tree_commit_leaves_out_links_whether_or_not_git_ignores_them()
    {
        var ct = TestContext.Current.CancellationToken;
        var elsewhere = Path.Combine(Path.GetDirectoryName(_repo.Root)!, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        File.WriteAllText(Path.Combine(elsewhere, "big.bin"), "x");
        _repo.WriteFile(".gitignore", "ignored-link\n");
        _repo.Commit("ignore one link");
        Directory.CreateSymbolicLink(Path.Combine(_repo.Root, "ignored-link"), elsewhere);
        Directory.CreateSymbolicLink(Path.Combine(_repo.Root, "visible-link"), elsewhere);
        _repo.WriteFile("new.txt", "new\n");

        var commit = await new WorkingTreeCommitter(_git).CommitAsync(_repo.Root, null, "test", ["ignored-link", "visible-link"], ct);

        var names = _repo.Git("ls-tree", "--name-only", commit).Split('\n');
        Assert.Contains("new.txt", names);
        Assert.DoesNotContain("ignored-link", names);
        Assert.DoesNotContain("visible-link", names);
    }

    [Fact]
    public async Task The_janitor_removes_worktrees_of_a_dead_owner_and_keeps_those_of_a_live_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = Pooled(0);
        var live = Provider(options, runId: "r-live");
        var liveWorkspace = await live.PrepareAsync(Chunk("c1", "src/app.txt"), 1, ct);
        var crashed = Provider(options, runId: "r-crashed");
        var staleWorkspace = await crashed.PrepareAsync(Chunk("c2", "src/other.txt"), 1, ct);
        // Simulate a crash: the run folder's owner is a process that no longer exists.
        var crashedFolder = ChunkWorktreeLocations.RunFolder(_repo.Root, options, "s1", "r-crashed");
        File.WriteAllText(Path.Combine(crashedFolder, ChunkWorktreeLocations.OwnerFileName), "2147483 0\n");

        var removed = await new ChunkWorktreeJanitor(_git).RemoveStaleAsync(_repo.Root, options, "s1", includeLiveRuns: false, ct);

        Assert.Equal([staleWorkspace.WorkingDirectory], removed);
        Assert.False(Directory.Exists(crashedFolder));
        Assert.True(Directory.Exists(liveWorkspace.WorkingDirectory));
        var registered = _repo.Git("worktree", "list", "--porcelain");
        Assert.DoesNotContain(staleWorkspace.WorkingDirectory, registered, StringComparison.Ordinal);
        Assert.Contains(liveWorkspace.WorkingDirectory, registered, StringComparison.Ordinal);

        var all = await new ChunkWorktreeJanitor(_git).RemoveStaleAsync(_repo.Root, options, null, includeLiveRuns: true, ct);
        Assert.Equal([liveWorkspace.WorkingDirectory], all);
        Assert.DoesNotContain(".so-chunks", _repo.Git("worktree", "list"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public async Task Chunk_worktrees_stay_outside_the_repository_even_when_worktree_root_points_inside(int poolSize)
    {
        var options = new OrchestratorOptions { WorktreeRoot = "inside", WorktreePool = new WorktreePoolOptions { Size = poolSize } };
        var provider = Provider(options);

        var workspace = await provider.PrepareAsync(Chunk("c1", "src/app.txt"), 1, TestContext.Current.CancellationToken);

        Assert.False(ChunkWorktreeLocations.IsInside(workspace.WorkingDirectory, _repo.Root), workspace.WorkingDirectory);
        Assert.StartsWith(_repo.WorktreesRoot, workspace.WorkingDirectory, StringComparison.Ordinal);
        await provider.DiscardAsync(workspace, Chunk("c1", "src/app.txt"), TestContext.Current.CancellationToken);
    }

    public void Dispose() => _repo.Dispose();

    private static OrchestratorOptions Pooled(int size) => new() { WorktreePool = new WorktreePoolOptions { Size = size } };

    /// <summary>A fresh worktree is removed; a pool slot stays registered and clean of owners, free for the next attempt.</summary>
    private void AssertGivenBack(Core.Build.Workspaces.ChunkWorkspace workspace, int poolSize)
    {
        if (poolSize == 0)
        {
            Assert.Equal(WorkspaceKind.FreshWorktree, workspace.Kind);
            Assert.False(Directory.Exists(workspace.WorkingDirectory));
            Assert.DoesNotContain(workspace.WorkingDirectory, _repo.Git("worktree", "list"), StringComparison.Ordinal);
            return;
        }

        Assert.True(workspace.Kind is WorkspaceKind.PooledWorktree or WorkspaceKind.RebuiltPoolWorktree, workspace.Kind.ToString());
        Assert.False(File.Exists(WorktreePool.OwnerFileOf(workspace.WorkingDirectory)), "the slot should be free again");
        Assert.Contains(workspace.WorkingDirectory, _repo.Git("worktree", "list"), StringComparison.Ordinal);
    }

    private WorktreeWorkspaceProvider Provider(OrchestratorOptions options, string runId = "r1") =>
        new(_git, "s1", runId, _repo.Root, _repo.Root, options);

    private static PlannedChunk Chunk(string id, params string[] files)
    {
        var plan = ChunkPlanValidator.ValidateWaves([[TestChunks.Chunk(id, files: files)]], null).Plan!;
        return plan[id];
    }
}
