using System.Diagnostics;
using System.Text.Json;
using ModelContextProtocol.Client;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Detached;

/// <summary>
/// Build runs in detached workers, through the real built server over stdio and real agent processes (the command
/// runner's script logs every invocation): runs outlive their client and their server, a killed worker shows
/// interrupted and resumes without re-running finished attempts or leaving agents behind, and two servers build two
/// sessions of one repository at once.
/// </summary>
public sealed class DetachedRunTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_build_started_by_a_client_that_exits_completes_and_a_later_client_sees_it()
    {
        using var repo = TempGitRepository.Create();
        var agents = SleepingAgents.Install(repo.Root, defaultSleepSeconds: 1);
        agents.Hold("c1");
        agents.Hold("c2");
        string runId;
        string sessionId;
        await using (var first = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct))
        {
            sessionId = await PhaseFlow.ToApprovedBuildAsync(first, repo.Root, SleepingAgents.Chunks("c1", "c2"), Ct);
            runId = await StartBuildAsync(first, sessionId, repo.Root);
        }

        // The first client and its server are gone; the run goes on.
        await using var second = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct);
        var seen = await StatusAsync(second, runId, repo.Root, waitSeconds: 0);
        agents.Release("c1");
        agents.Release("c2");
        var ended = await PhaseFlow.WaitForEndAsync(second, runId, repo.Root, Ct);
        var session = await second.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);

        Assert.Equal("running", seen.GetProperty("status").GetString());
        Assert.Equal("completed", ended.GetProperty("status").GetString());
        Assert.Equal(1, agents.Count("start executor", "c1"));
        Assert.Equal(1, agents.Count("start executor", "c2"));
        Assert.Equal("review", session.GetProperty("phase").GetString());
    }

    [Fact]
    public async Task Killing_the_server_mid_run_leaves_the_run_untouched()
    {
        using var repo = TempGitRepository.Create();
        var agents = SleepingAgents.Install(repo.Root, defaultSleepSeconds: 3);
        await using var first = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct);
        var sessionId = await PhaseFlow.ToApprovedBuildAsync(first, repo.Root, SleepingAgents.Chunks("c1", "c2"), Ct);
        var runId = await StartBuildAsync(first, sessionId, repo.Root);
        await agents.WaitUntilAsync(a => a.Count("start executor", "c1") == 1, TimeSpan.FromSeconds(60), Ct);

        var server = Assert.Single(ProcFs.WithArguments(ServerExecutable.DllPath, "--project", repo.Root, "--log-dir"));
        Process.GetProcessById(server).Kill();
        await ProcFs.WaitUntilGoneAsync(server, Ct);

        await using var second = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct);
        var ended = await PhaseFlow.WaitForEndAsync(second, runId, repo.Root, Ct);

        Assert.False(ProcFs.IsLive(server));
        Assert.Equal("completed", ended.GetProperty("status").GetString());
        Assert.Equal(1, agents.Count("start executor", "c1"));
        Assert.Equal(1, agents.Count("start executor", "c2"));
        Assert.Equal(1, agents.Count("end executor", "c2"));
    }

    [Fact]
    public async Task A_killed_worker_shows_interrupted_leaves_no_agent_and_resumes_without_rerunning_finished_attempts()
    {
        using var repo = TempGitRepository.Create();
        var agents = SleepingAgents.Install(repo.Root, defaultSleepSeconds: 1);
        agents.SetSleep("slow", 120);
        await using var client = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct);
        var sessionId = await PhaseFlow.ToApprovedBuildAsync(client, repo.Root, SleepingAgents.Chunks("fast", "slow"), Ct);
        var runId = await StartBuildAsync(client, sessionId, repo.Root);
        await agents.WaitUntilAsync(a => a.Count("end executor", "fast") == 1 && a.Count("start executor", "slow") == 1, TimeSpan.FromSeconds(60), Ct);
        await WaitForChunkAsync(client, runId, repo.Root, "fast", "succeeded");
        var worker = WorkerPid(repo.Root, runId);
        var slowAgent = agents.Invocations().Single(i => i.Event == "start executor" && i.Chunk == "slow").Pid;
        Assert.Contains(slowAgent, ProcFs.LiveInGroup(worker));

        Process.GetProcessById(worker).Kill();
        // Until the dead worker is seen (a condition, not a time: on a loaded machine the kill can take a while to land).
        var interrupted = await StatusAsync(client, runId, repo.Root, waitSeconds: 0);
        for (var round = 0; round < 600 && interrupted.GetProperty("status").GetString() == "running"; round++)
        {
            await Task.Delay(100, Ct);
            interrupted = await StatusAsync(client, runId, repo.Root, waitSeconds: 0);
        }

        await ProcFs.WaitUntilGoneAsync(slowAgent, Ct);
        var leftAfterKill = ProcFs.LiveInGroup(worker);
        agents.SetSleep("slow", 1);
        var resumed = await client.CallOkAsync("build_resume", new() { ["run_id"] = runId, ["project_root"] = repo.Root }, Ct);
        var ended = await PhaseFlow.WaitForEndAsync(client, runId, repo.Root, Ct);
        var secondWorker = WorkerPidOrNull(repo.Root, runId);

        Assert.Equal("interrupted", interrupted.GetProperty("status").GetString());
        Assert.True(leftAfterKill.Count == 0, "left in the dead worker's group: " + ProcFs.Describe(leftAfterKill));
        Assert.False(ProcFs.IsLive(slowAgent));
        Assert.Equal("running", resumed.GetProperty("status").GetString());
        Assert.Equal("completed", ended.GetProperty("status").GetString());
        Assert.Equal(1, agents.Count("start executor", "fast"));
        Assert.Equal(2, agents.Count("start executor", "slow"));
        Assert.Equal(1, agents.Count("end executor", "slow"));
        Assert.Null(secondWorker);
        Assert.DoesNotContain(agents.Invocations(), i => ProcFs.IsLive(i.Pid));
    }

    [Fact]
    public async Task Build_cancel_from_another_client_stops_the_worker_which_records_the_cancellation_and_exits()
    {
        using var repo = TempGitRepository.Create();
        var agents = SleepingAgents.Install(repo.Root, defaultSleepSeconds: 120);
        string runId;
        await using (var first = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct))
        {
            var sessionId = await PhaseFlow.ToApprovedBuildAsync(first, repo.Root, SleepingAgents.Chunks("c1"), Ct);
            runId = await StartBuildAsync(first, sessionId, repo.Root);
        }

        await agents.WaitUntilAsync(a => a.Count("start executor", "c1") == 1, TimeSpan.FromSeconds(60), Ct);
        var agent = agents.Invocations().Single().Pid;
        await using var second = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct);
        var cancelled = await second.CallOkAsync("build_cancel", new() { ["run_id"] = runId, ["project_root"] = repo.Root }, Ct);
        var status = await StatusAsync(second, runId, repo.Root, waitSeconds: 0);

        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal("cancelled", status.GetProperty("status").GetString());
        Assert.False(ProcFs.IsLive(agent));
        Assert.Null(WorkerPidOrNull(repo.Root, runId));
        Assert.Equal(0, agents.Count("end executor", "c1"));
    }

    [Fact]
    public async Task Two_servers_build_two_sessions_at_once_and_a_second_client_of_a_building_session_is_refused()
    {
        using var repo = TempGitRepository.Create();
        var agents = SleepingAgents.Install(repo.Root, defaultSleepSeconds: 3);
        await using var first = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct);
        await using var second = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct);
        var sessionA = await PhaseFlow.ToApprovedBuildAsync(first, repo.Root, SleepingAgents.Chunks("a1", "a2"), Ct);
        var sessionB = await PhaseFlow.ToApprovedBuildAsync(second, repo.Root, SleepingAgents.Chunks("b1", "b2"), Ct);

        agents.Hold("a1");
        var runA = await StartBuildAsync(first, sessionA, repo.Root);
        var runB = await StartBuildAsync(second, sessionB, repo.Root);
        var refused = await second.CallErrorAsync("build_start", new() { ["session_id"] = sessionA, ["project_root"] = repo.Root }, Ct);
        var fromSecond = await StatusAsync(second, runA, repo.Root, waitSeconds: 0);
        agents.Release("a1");
        var endedA = await PhaseFlow.WaitForEndAsync(second, runA, repo.Root, Ct);
        var endedB = await PhaseFlow.WaitForEndAsync(first, runB, repo.Root, Ct);

        Assert.Contains("in use by the worker of build run " + runA, refused, StringComparison.Ordinal);
        Assert.Equal("running", fromSecond.GetProperty("status").GetString());
        Assert.Equal("completed", endedA.GetProperty("status").GetString());
        Assert.Equal("completed", endedB.GetProperty("status").GetString());
        foreach (var chunk in new[] { "a1", "a2", "b1", "b2" })
        {
            Assert.Equal(1, agents.Count("end executor", chunk));
        }

        // Each session's chunks landed in its own tree.
        var treeA = (await first.CallOkAsync("session_status", new() { ["session_id"] = sessionA, ["project_root"] = repo.Root }, Ct)).GetProperty("worktree_path").GetString()!;
        Assert.True(File.Exists(Path.Combine(treeA, "src", "a1.txt")));
        Assert.False(File.Exists(Path.Combine(treeA, "src", "b1.txt")));
    }

    private static async Task<string> StartBuildAsync(McpClient client, string sessionId, string repoRoot)
    {
        var started = await client.CallOkAsync("build_start", new() { ["session_id"] = sessionId, ["max_parallel"] = 2, ["project_root"] = repoRoot }, Ct);
        return started.GetProperty("run_id").GetString()!;
    }

    /// <summary>Until the run's journal (not just the agent) records <paramref name="chunkId"/> in <paramref name="state"/>.</summary>
    private static async Task WaitForChunkAsync(McpClient client, string runId, string repoRoot, string chunkId, string state)
    {
        for (var round = 0; round < 300; round++)
        {
            var status = await StatusAsync(client, runId, repoRoot, waitSeconds: 0);
            if (status.GetProperty("chunks").EnumerateArray().Any(c => c.GetProperty("id").GetString() == chunkId && c.GetProperty("state").GetString() == state))
            {
                return;
            }

            await Task.Delay(100, Ct);
        }

        throw new TimeoutException($"chunk {chunkId} of {runId} never became {state}");
    }

    private static Task<JsonElement> StatusAsync(McpClient client, string runId, string repoRoot, int waitSeconds) =>
        client.CallOkAsync("build_status", new() { ["run_id"] = runId, ["wait_seconds"] = waitSeconds, ["project_root"] = repoRoot }, Ct);

    private static int WorkerPid(string repoRoot, string runId) =>
        WorkerPidOrNull(repoRoot, runId) ?? throw new InvalidOperationException("no run lock");

    private static int? WorkerPidOrNull(string repoRoot, string runId)
    {
        var path = Path.Combine(repoRoot, ".orchestrator", "runs", runId, "run.lock");
        return File.Exists(path) ? JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("pid").GetInt32() : null;
    }
}
