using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Options;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Detached;

/// <summary>
/// The worktree pool with runs in detached workers (issue 16): the worker process, not the server that started it,
/// owns the pool slots its attempts hold, and when the worker is killed the next server's start-up sweep repairs them.
/// </summary>
public sealed class DetachedPoolTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_worker_owns_its_pool_slot_and_the_start_up_sweep_repairs_it_after_the_worker_is_killed()
    {
        using var repo = TempGitRepository.Create();
        var agents = SleepingAgents.Install(repo.Root, defaultSleepSeconds: 120);
        var poolRoot = ChunkWorktreeLocations.PoolRoot(repo.Root, OrchestratorOptions.Default);
        string slot;
        int worker;
        await using (var client = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct))
        {
            var sessionId = await PhaseFlow.ToApprovedBuildAsync(client, repo.Root, SleepingAgents.Chunks("c1"), Ct);
            var started = await client.CallOkAsync("build_start", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);
            var runId = started.GetProperty("run_id").GetString()!;
            await agents.WaitUntilAsync(a => a.Count("start executor", "c1") == 1, TimeSpan.FromSeconds(90), Ct);
            worker = WorkerPid(repo.Root, runId);
            var server = Assert.Single(ProcFs.WithArguments(ServerExecutable.DllPath, "--project", repo.Root, "--log-dir"));

            // The agent runs in a pool slot, claimed by the worker process.
            slot = Assert.Single(Directory.GetDirectories(poolRoot));
            Assert.Equal(WorktreePool.SlotPath(poolRoot, 0), slot);
            var owner = OwnerPid(WorktreePool.OwnerFileOf(slot));
            Assert.Equal(worker, owner);
            Assert.NotEqual(server, owner);

            var agent = agents.Invocations().Single().Pid;
            Process.GetProcessById(worker).Kill();
            await ProcFs.WaitUntilGoneAsync(worker, Ct);
            await ProcFs.WaitUntilGoneAsync(agent, Ct);
            Assert.True(File.Exists(WorktreePool.OwnerFileOf(slot)), "the killed worker's claim is still on disk until a sweep");
        }

        // A server starting later sweeps: the dead worker's slot is removed (the pool rebuilds it when next needed).
        await using var next = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while ((File.Exists(WorktreePool.OwnerFileOf(slot)) || Directory.Exists(slot)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, Ct);
        }

        Assert.False(ProcFs.IsLive(worker));
        Assert.False(File.Exists(WorktreePool.OwnerFileOf(slot)), "the dead worker's claim should be gone");
        Assert.False(Directory.Exists(slot), "the dead worker's slot should be removed");
        Assert.DoesNotContain(slot, repo.Git("worktree", "list", "--porcelain"), StringComparison.Ordinal);
    }

    private static int OwnerPid(string ownerFile) =>
        int.Parse(File.ReadAllText(ownerFile).Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);

    private static int WorkerPid(string repoRoot, string runId)
    {
        var path = Path.Combine(repoRoot, ".orchestrator", "runs", runId, "run.lock");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("pid").GetInt32();
    }
}
