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
        var options = OrchestratorOptions.Default;
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
        while (Directory.Exists(stale.WorkingDirectory) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, Ct);
        }

        Assert.False(Directory.Exists(stale.WorkingDirectory), "the stale chunk worktree should be gone after the server started");
        Assert.DoesNotContain(stale.WorkingDirectory, repo.Git("worktree", "list", "--porcelain"), StringComparison.Ordinal);
    }
}
