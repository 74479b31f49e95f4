using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Git;
using Orchestrator.Core.Options;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Processes;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Protocol;

/// <summary>A server that starts after a crash removes the chunk worktrees the crashed run left behind.</summary>
public sealed class StartupSweepTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_server_removes_chunk_worktrees_of_a_crashed_run_at_start_up()
    {
        using var repo = TempGitRepository.Create();
        var options = new OrchestratorOptions { WorktreePool = new WorktreePoolOptions { Size = 0 } };
        var git = new GitCli(new ProcessRunner());
        var crashed = new WorktreeWorkspaceProvider(git, "s1", "r-crashed", repo.Root, repo.Root, options);
        var chunk = ChunkPlanValidator.ValidateWaves([[TestChunks.Chunk("c1", files: ["src/app.txt"])]], null).Plan!["c1"];
        var stale = await crashed.PrepareAsync(chunk, 1, Ct);
        // The crash: the run folder's owner is a process that no longer exists.
        var runFolder = ChunkWorktreeLocations.RunFolder(repo.Root, options, "s1", "r-crashed");
        File.WriteAllText(Path.Combine(runFolder, ChunkWorktreeLocations.OwnerFileName), "2147483 0\n");
        Assert.True(Directory.Exists(stale.WorkingDirectory));

        await using var client = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        // git removes the folder before its registration: wait for both.
        while ((Directory.Exists(stale.WorkingDirectory) || repo.Git("worktree", "list", "--porcelain").Contains(stale.WorkingDirectory, StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, Ct);
        }

        Assert.False(Directory.Exists(stale.WorkingDirectory), "the stale chunk worktree should be gone after the server started");
        Assert.DoesNotContain(stale.WorkingDirectory, repo.Git("worktree", "list", "--porcelain"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_repairs_a_pool_slot_whose_owner_died_at_start_up()
    {
        using var repo = TempGitRepository.Create();
        var options = OrchestratorOptions.Default;
        var git = new GitCli(new ProcessRunner());
        var crashed = new WorktreeWorkspaceProvider(git, "s1", "r-crashed", repo.Root, repo.Root, options);
        var chunk = ChunkPlanValidator.ValidateWaves([[TestChunks.Chunk("c1", files: ["src/app.txt"])]], null).Plan!["c1"];
        var slot = await crashed.PrepareAsync(chunk, 1, Ct);
        File.WriteAllText(Path.Combine(slot.WorkingDirectory, "half-done.txt"), "a dead agent's edit\n");
        // The crash: the slot's owner is a process that no longer exists.
        File.WriteAllText(WorktreePool.OwnerFileOf(slot.WorkingDirectory), "2147483 0\n");

        await using var client = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((File.Exists(WorktreePool.OwnerFileOf(slot.WorkingDirectory)) || repo.Git("worktree", "list", "--porcelain").Contains(slot.WorkingDirectory, StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, Ct);
        }

        Assert.False(File.Exists(WorktreePool.OwnerFileOf(slot.WorkingDirectory)), "the dead owner's claim should be gone");
        Assert.False(Directory.Exists(slot.WorkingDirectory), "the dead owner's slot should be removed (the pool rebuilds it)");
        Assert.DoesNotContain(slot.WorkingDirectory, repo.Git("worktree", "list", "--porcelain"), StringComparison.Ordinal);
    }
}
