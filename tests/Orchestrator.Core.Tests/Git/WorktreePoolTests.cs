using System.Collections.Concurrent;
using System.Diagnostics;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Git;
using Orchestrator.Core.Options;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Processes;
using Orchestrator.Testing;

namespace Orchestrator.Core.Tests.Git;

/// <summary>The worktree pool with real git: reuse holds exactly the new snapshot, slots are never shared, crashes are repaired.</summary>
public sealed class WorktreePoolTests : IDisposable
{
    private static readonly ExecutorOutput Done = new("done", "did it", null, null, null);
    private readonly TempGitRepository _repo = TempGitRepository.Create();
    private readonly GitCli _git = new(new ProcessRunner());

    public WorktreePoolTests()
    {
        _repo.WriteFile("src/app.txt", "line 1\nline 2\n");
        _repo.WriteFile("src/keep.txt", "kept\n");
        _repo.Commit("app");
        File.AppendAllText(Path.Combine(_repo.Root, ".git", "info", "exclude"), "/.orchestrator/\nnode_modules/\n*.log\n.env\n");
        _repo.WriteFile("node_modules/pkg/index.js", "module.exports = 1;\n");
        _repo.WriteFile(".env", "SECRET=1\n");
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_reused_slot_holds_exactly_the_new_snapshot_and_keeps_the_dependency_link()
    {
        var provider = Provider(size: 1);
        var first = await provider.PrepareAsync(Chunk("c1", "src/app.txt"), 1, Ct);
        Assert.Equal(WorkspaceKind.RebuiltPoolWorktree, first.Kind);
        // The first attempt leaves everything an agent can leave: edits, new and ignored files, a deleted file, a staged file.
        File.WriteAllText(Path.Combine(first.WorkingDirectory, "src/app.txt"), "edited by the first attempt\n");
        File.WriteAllText(Path.Combine(first.WorkingDirectory, "stray.txt"), "stray\n");
        Directory.CreateDirectory(Path.Combine(first.WorkingDirectory, "obj"));
        File.WriteAllText(Path.Combine(first.WorkingDirectory, "obj/build.log"), "ignored output\n");
        File.Delete(Path.Combine(first.WorkingDirectory, "src/keep.txt"));
        File.WriteAllText(Path.Combine(first.WorkingDirectory, "staged.txt"), "staged\n");
        TempGitRepository.GitIn(first.WorkingDirectory, "add", "staged.txt");
        File.WriteAllText(Path.Combine(first.WorkingDirectory, ".env"), "SECRET=changed by the agent\n");
        await provider.DiscardAsync(first, Chunk("c1", "src/app.txt"), Ct);
        // Meanwhile the session tree moved on.
        _repo.WriteFile("src/later.txt", "later\n");
        _repo.WriteFile("src/app.txt", "line 1\nline 2 by the user\n");

        var second = await provider.PrepareAsync(Chunk("c2", "src/later.txt"), 1, Ct);

        Assert.Equal(first.WorkingDirectory, second.WorkingDirectory);
        Assert.Equal(WorkspaceKind.PooledWorktree, second.Kind);
        var snapshot = _repo.Git("rev-parse", "refs/so-snapshots/s1/wave-1-c2-1");
        Assert.Equal(snapshot, TempGitRepository.GitIn(second.WorkingDirectory, "rev-parse", "HEAD"));
        var expected = _repo.Git("ls-tree", "-r", "--name-only", snapshot).Split('\n', StringSplitOptions.RemoveEmptyEntries).Append(".env").Order(StringComparer.Ordinal);
        Assert.Equal(expected, FilesIn(second.WorkingDirectory));
        foreach (var file in expected.Where(f => f != ".env"))
        {
            Assert.Equal(File.ReadAllText(Path.Combine(_repo.Root, file)), File.ReadAllText(Path.Combine(second.WorkingDirectory, file)));
        }

        Assert.Equal("SECRET=1\n", File.ReadAllText(Path.Combine(second.WorkingDirectory, ".env")));
        Assert.Equal(Path.Combine(_repo.Root, "node_modules"), new DirectoryInfo(Path.Combine(second.WorkingDirectory, "node_modules")).LinkTarget);
        Assert.True(File.Exists(Path.Combine(_repo.Root, "node_modules/pkg/index.js")));
        Assert.Equal("", TempGitRepository.GitIn(second.WorkingDirectory, "diff", "--cached", "--name-only"));
        await provider.DiscardAsync(second, Chunk("c2", "src/later.txt"), Ct);
    }

    [Fact]
    public async Task A_doubtful_slot_is_rebuilt_before_reuse()
    {
        var provider = Provider(size: 1);
        var first = await provider.PrepareAsync(Chunk("c1", "src/app.txt"), 1, Ct);
        await provider.DiscardAsync(first, Chunk("c1", "src/app.txt"), Ct);
        // Someone broke the slot while it was idle: its link to the repository is gone.
        File.Delete(Path.Combine(first.WorkingDirectory, ".git"));
        File.WriteAllText(Path.Combine(first.WorkingDirectory, "leftover.txt"), "leftover\n");

        var second = await provider.PrepareAsync(Chunk("c1", "src/app.txt"), 2, Ct);

        Assert.Equal(WorkspaceKind.RebuiltPoolWorktree, second.Kind);
        Assert.False(File.Exists(Path.Combine(second.WorkingDirectory, "leftover.txt")));
        Assert.Equal(_repo.Git("rev-parse", "refs/so-snapshots/s1/wave-1-c1-2"), TempGitRepository.GitIn(second.WorkingDirectory, "rev-parse", "HEAD"));
        await provider.DiscardAsync(second, Chunk("c1", "src/app.txt"), Ct);
    }

    [Fact]
    public async Task Two_attempts_never_share_a_slot_under_concurrent_load()
    {
        const int chunks = 8;
        var provider = Provider(size: 3);
        var plan = ChunkPlanValidator.ValidateWaves([Enumerable.Range(1, chunks).Select(i => TestChunks.Chunk($"c{i}", files: [$"out/c{i}.txt"])).ToList()], null).Plan!;
        var holders = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var kinds = new ConcurrentBag<WorkspaceKind>();
        var overlaps = new ConcurrentBag<string>();

        // A fake agent per chunk, three rounds each: it holds its workspace a while, writes its file, checks nobody else is in.
        await Task.WhenAll(Enumerable.Range(1, chunks).Select(i => Task.Run(async () =>
        {
            var chunk = plan[$"c{i}"];
            for (var round = 1; round <= 3; round++)
            {
                var workspace = await provider.PrepareAsync(chunk, round, Ct);
                kinds.Add(workspace.Kind);
                if (!holders.TryAdd(workspace.WorkingDirectory, chunk.Id))
                {
                    overlaps.Add($"{chunk.Id} got {workspace.WorkingDirectory} held by {holders[workspace.WorkingDirectory]}");
                }

                Directory.CreateDirectory(Path.Combine(workspace.WorkingDirectory, "out"));
                File.WriteAllText(Path.Combine(workspace.WorkingDirectory, $"out/c{i}.txt"), $"c{i} round {round}\n");
                await Task.Delay(Random.Shared.Next(5, 40), Ct);
                // Other chunks' files may be there as the snapshot holds them (applied earlier); anything else changed in
                // the slot (another attempt's write) shows in its status. (Not compared with the session tree's files:
                // `git apply` rewrites a modified file by removing and re-creating it, so one can be briefly missing there.)
                var changed = TempGitRepository.GitIn(workspace.WorkingDirectory, "ls-files", "--modified", "--others", "--", "out")
                    .Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
                if (!changed.SequenceEqual([$"out/c{i}.txt"]))
                {
                    overlaps.Add($"{chunk.Id} saw changes to {string.Join(", ", changed)}");
                }

                var completion = await provider.CompleteAsync(workspace, chunk, Done, Ct);
                Assert.Empty(completion.ScopeViolations);
                Assert.Null(completion.ConflictBlocker);
                holders.TryRemove(workspace.WorkingDirectory, out _);
                await provider.ReleaseAsync(workspace, chunk, Ct);
            }
        }, Ct)));

        Assert.Empty(overlaps);
        Assert.Contains(WorkspaceKind.PooledWorktree, kinds);
        for (var i = 1; i <= chunks; i++)
        {
            Assert.Equal($"c{i} round 3\n", File.ReadAllText(Path.Combine(_repo.Root, $"out/c{i}.txt")));
        }

        var poolRoot = ChunkWorktreeLocations.PoolRoot(_repo.Root, OrchestratorOptions.Default);
        Assert.True(Directory.GetDirectories(poolRoot).Length <= 3);
        Assert.Empty(Directory.GetFiles(poolRoot, "*.owner"));
    }

    [Fact]
    public async Task A_killed_processs_slot_is_repaired_by_the_sweep_and_by_the_next_claim()
    {
        var provider = Provider(size: 2);
        var a = await provider.PrepareAsync(Chunk("c1", "src/app.txt"), 1, Ct);
        var b = await provider.PrepareAsync(Chunk("c2", "src/keep.txt"), 1, Ct);
        Assert.NotEqual(a.WorkingDirectory, b.WorkingDirectory);
        // Both slots end up held by a process that is then killed mid-attempt, leaving edits and git's index lock behind.
        using (var victim = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!)
        {
            var owner = $"{victim.Id} {ProcessLiveness.StartMarker(victim.Id)}\n";
            foreach (var slot in new[] { a, b })
            {
                File.WriteAllText(WorktreePool.OwnerFileOf(slot.WorkingDirectory), owner);
                File.WriteAllText(Path.Combine(slot.WorkingDirectory, "half-done.txt"), "cut off\n");
            }

            var gitDir = TempGitRepository.GitIn(a.WorkingDirectory, "rev-parse", "--absolute-git-dir");
            File.WriteAllText(Path.Combine(gitDir, "index.lock"), "");
            Assert.Null(await new WorktreePool(_git, ChunkWorktreeLocations.Root(_repo.Root, OrchestratorOptions.Default), ChunkWorktreeLocations.PoolRoot(_repo.Root, OrchestratorOptions.Default), 2).TryClaimAsync(Ct));
            victim.Kill();
            await victim.WaitForExitAsync(Ct);
        }

        // The start-up sweep repairs slot a's folder; slot b is left for the next claim to take over and rebuild.
        File.Move(WorktreePool.OwnerFileOf(b.WorkingDirectory), b.WorkingDirectory + ".held-aside");
        var removed = await new ChunkWorktreeJanitor(_git).RemoveStaleAsync(_repo.Root, OrchestratorOptions.Default, null, includeLiveRuns: false, Ct);
        File.Move(b.WorkingDirectory + ".held-aside", WorktreePool.OwnerFileOf(b.WorkingDirectory));

        Assert.Contains(a.WorkingDirectory, removed);
        Assert.False(Directory.Exists(a.WorkingDirectory));
        Assert.False(File.Exists(WorktreePool.OwnerFileOf(a.WorkingDirectory)));
        var next = await provider.PrepareAsync(Chunk("c3", "src/app.txt"), 1, Ct);
        var after = await provider.PrepareAsync(Chunk("c4", "src/app.txt"), 1, Ct);
        Assert.Equal([WorkspaceKind.RebuiltPoolWorktree, WorkspaceKind.RebuiltPoolWorktree], new[] { next.Kind, after.Kind });
        Assert.Equal(new[] { a.WorkingDirectory, b.WorkingDirectory }.Order(StringComparer.Ordinal), new[] { next.WorkingDirectory, after.WorkingDirectory }.Order(StringComparer.Ordinal));
        foreach (var (workspace, id) in new[] { (next, "c3"), (after, "c4") })
        {
            Assert.False(File.Exists(Path.Combine(workspace.WorkingDirectory, "half-done.txt")));
            Assert.Equal(_repo.Git("rev-parse", $"refs/so-snapshots/s1/wave-1-{id}-1"), TempGitRepository.GitIn(workspace.WorkingDirectory, "rev-parse", "HEAD"));
            Assert.True(WorkspaceOwner.IsMine(WorktreePool.OwnerFileOf(workspace.WorkingDirectory)));
        }
    }

    [Fact]
    public async Task Close_removes_idle_slots_and_keeps_held_ones()
    {
        var provider = Provider(size: 2);
        var held = await provider.PrepareAsync(Chunk("c1", "src/app.txt"), 1, Ct);
        var idle = await provider.PrepareAsync(Chunk("c2", "src/keep.txt"), 1, Ct);
        await provider.DiscardAsync(idle, Chunk("c2", "src/keep.txt"), Ct);

        var removed = await new ChunkWorktreeJanitor(_git).RemoveStaleAsync(_repo.Root, OrchestratorOptions.Default, "s1", includeLiveRuns: true, Ct);

        Assert.Contains(idle.WorkingDirectory, removed);
        Assert.DoesNotContain(held.WorkingDirectory, removed);
        Assert.False(Directory.Exists(idle.WorkingDirectory));
        Assert.True(Directory.Exists(held.WorkingDirectory));
        Assert.False(File.Exists(WorktreePool.OwnerFileOf(idle.WorkingDirectory)));
        Assert.True(File.Exists(WorktreePool.OwnerFileOf(held.WorkingDirectory)));
    }

    public void Dispose() => _repo.Dispose();

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
