using System.Diagnostics;
using System.Text.Json;
using ModelContextProtocol.Client;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Detached;

/// <summary>
/// Spec, plan and close jobs in detached workers, through the real built server over stdio and real agent processes
/// (the command runner's script logs every invocation): a job outlives its client and its server, a later client
/// collects its result, a killed job worker reads interrupted at once, leaves no agent behind and is re-run without
/// redoing a finished phase, and close commits from its own worker.
/// </summary>
public sealed class DetachedJobTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_spec_job_started_by_a_client_that_exits_finishes_and_a_later_client_collects_its_result()
    {
        using var repo = TempGitRepository.Create();
        var agents = SleepingAgents.Install(repo.Root, defaultSleepSeconds: 1);
        agents.Hold("a1");
        string sessionId;
        JsonElement running;
        await using (var first = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct))
        {
            sessionId = await PhaseFlow.StartSessionAsync(first, repo.Root, Ct);
            running = await SpecAsync(first, sessionId, repo.Root, waitSeconds: 0);
            await agents.WaitUntilAsync(a => a.Count("start research", "a1") == 1, TimeSpan.FromSeconds(60), Ct);
        }

        // The client and its server are gone; the job's worker still holds it.
        var worker = JobWorkerPid(repo.Root, "spec");
        var workerAlive = ProcFs.IsLive(worker);
        agents.Release("a1");
        await using var second = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct);
        var done = await UntilDoneAsync(() => SpecAsync(second, sessionId, repo.Root, waitSeconds: 30));

        Assert.Equal("running", running.GetProperty("status").GetString());
        Assert.True(workerAlive, "the spec job's worker died with its client");
        Assert.Equal("done", done.GetProperty("status").GetString());
        Assert.Contains("researched a1", done.GetProperty("rough_spec").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, agents.Count("start research", "a1"));
        Assert.Equal(1, agents.Count("end research", "a1"));
        Assert.True(File.Exists(Path.Combine(repo.Root, ".orchestrator", "sessions", sessionId, "spec.md")));
    }

    [Fact]
    public async Task Killing_the_server_mid_job_lets_the_job_finish()
    {
        using var repo = TempGitRepository.Create();
        var agents = SleepingAgents.Install(repo.Root, defaultSleepSeconds: 1);
        agents.Hold("a1");
        await using var first = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct);
        var sessionId = await PhaseFlow.StartSessionAsync(first, repo.Root, Ct);
        await SpecAsync(first, sessionId, repo.Root, waitSeconds: 0);
        await agents.WaitUntilAsync(a => a.Count("start research", "a1") == 1, TimeSpan.FromSeconds(60), Ct);

        var server = Assert.Single(ProcFs.WithArguments(ServerExecutable.DllPath, "--project", repo.Root, "--log-dir"));
        Process.GetProcessById(server).Kill();
        await ProcFs.WaitUntilGoneAsync(server, Ct);
        agents.Release("a1");
        await using var second = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct);
        var done = await UntilDoneAsync(() => SpecAsync(second, sessionId, repo.Root, waitSeconds: 30));

        Assert.False(ProcFs.IsLive(server));
        Assert.Equal("done", done.GetProperty("status").GetString());
        Assert.Equal(1, agents.Count("start research", "a1"));
        Assert.Equal(1, agents.Count("end research", "a1"));
    }

    [Fact]
    public async Task A_killed_job_worker_reads_interrupted_leaves_no_agent_and_the_rerun_does_not_redo_the_finished_spec()
    {
        using var repo = TempGitRepository.Create();
        var agents = SleepingAgents.Install(repo.Root, defaultSleepSeconds: 1);
        await using var client = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct);
        var sessionId = await PhaseFlow.StartSessionAsync(client, repo.Root, Ct);
        await UntilDoneAsync(() => SpecAsync(client, sessionId, repo.Root, waitSeconds: 30));
        agents.Hold("plan");
        var arguments = new Dictionary<string, object?> { ["session_id"] = sessionId, ["wait_seconds"] = 0, ["project_root"] = repo.Root };
        await client.CallOkAsync("plan", arguments, Ct);
        await agents.WaitUntilAsync(a => a.Count("start planner", "plan") == 1, TimeSpan.FromSeconds(60), Ct);
        var worker = JobWorkerPid(repo.Root, "plan");
        var planner = agents.Invocations().Single(i => i.Event == "start planner").Pid;
        var inGroup = ProcFs.LiveInGroup(worker);

        Process.GetProcessById(worker).Kill();
        var stopwatch = Stopwatch.StartNew();
        var interrupted = await client.CallErrorAsync("plan", new() { ["session_id"] = sessionId, ["wait_seconds"] = 45, ["project_root"] = repo.Root }, Ct);
        var seenAfter = stopwatch.Elapsed;
        await ProcFs.WaitUntilGoneAsync(planner, Ct);
        var leftAfterKill = ProcFs.LiveInGroup(worker);
        agents.Release("plan");
        var rerun = await UntilDoneAsync(() => client.CallOkAsync("plan", new() { ["session_id"] = sessionId, ["wait_seconds"] = 30, ["project_root"] = repo.Root }, Ct));

        Assert.Contains(planner, inGroup);
        Assert.Contains("interrupted", interrupted, StringComparison.Ordinal);
        // The poll woke on the worker's death instead of running out its 45 s: a wide margin, not a speed target.
        Assert.True(seenAfter < TimeSpan.FromSeconds(40), $"interrupted was seen only after {seenAfter}");
        Assert.True(leftAfterKill.Count == 0, "left in the dead worker's group: " + ProcFs.Describe(leftAfterKill));
        Assert.Equal("done", rerun.GetProperty("status").GetString());
        Assert.Equal(1, agents.Count("start research", "a1"));
        Assert.Equal(2, agents.Count("start planner", "plan"));
        Assert.Equal(1, agents.Count("end planner", "plan"));
        Assert.DoesNotContain(agents.Invocations(), i => ProcFs.IsLive(i.Pid));
    }

    [Fact]
    public async Task A_stop_signal_to_the_job_worker_records_the_job_cancelled_and_stops_its_agent()
    {
        using var repo = TempGitRepository.Create();
        var agents = SleepingAgents.Install(repo.Root, defaultSleepSeconds: 1);
        agents.Hold("a1");
        await using var client = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct);
        var sessionId = await PhaseFlow.StartSessionAsync(client, repo.Root, Ct);
        await SpecAsync(client, sessionId, repo.Root, waitSeconds: 0);
        await agents.WaitUntilAsync(a => a.Count("start research", "a1") == 1, TimeSpan.FromSeconds(60), Ct);
        var worker = JobWorkerPid(repo.Root, "spec");
        var agent = agents.Invocations().Single().Pid;

        using (var term = Process.Start("kill", ["-TERM", worker.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync(Ct);
        }

        var error = await client.CallErrorAsync("spec", new() { ["session_id"] = sessionId, ["wait_seconds"] = 30, ["project_root"] = repo.Root }, Ct);
        await ProcFs.WaitUntilGoneAsync(agent, Ct);
        await ProcFs.WaitUntilGoneAsync(worker, Ct);
        agents.Release("a1");

        Assert.Contains("was cancelled", error, StringComparison.Ordinal);
        Assert.False(ProcFs.IsLive(agent));
        Assert.False(ProcFs.IsLive(worker));
        Assert.Equal(0, agents.Count("end research", "a1"));
    }

    [Fact]
    public async Task Close_commits_from_its_own_worker_and_a_later_client_collects_the_report()
    {
        using var repo = TempGitRepository.Create();
        var agents = SleepingAgents.Install(repo.Root, defaultSleepSeconds: 0);
        string sessionId;
        JsonElement running;
        await using (var first = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct))
        {
            sessionId = await PhaseFlow.ToApprovedBuildAsync(first, repo.Root, SleepingAgents.Chunks("c1"), Ct);
            var started = await first.CallOkAsync("build_start", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);
            await PhaseFlow.WaitForEndAsync(first, started.GetProperty("run_id").GetString()!, repo.Root, Ct);
            var preview = await UntilDoneAsync(() => first.CallOkAsync("close", new() { ["session_id"] = sessionId, ["wait_seconds"] = 30, ["project_root"] = repo.Root }, Ct), "awaiting_approval");
            Assert.Equal("awaiting_approval", preview.GetProperty("status").GetString());
            await first.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "publish", ["decision"] = "approve", ["project_root"] = repo.Root }, Ct);
            var reviews = agents.Count("start reviewer", "-");
            agents.Hold("review");
            running = await first.CallOkAsync("close", new() { ["session_id"] = sessionId, ["wait_seconds"] = 0, ["project_root"] = repo.Root }, Ct);
            await agents.WaitUntilAsync(a => a.Count("start reviewer", "-") > reviews, TimeSpan.FromSeconds(60), Ct);
        }

        // The client and its server are gone while close's reviewer is held; the close job goes on in its worker.
        agents.Release("review");
        await using var second = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct);
        var closed = await UntilDoneAsync(() => second.CallOkAsync("close", new() { ["session_id"] = sessionId, ["wait_seconds"] = 30, ["project_root"] = repo.Root }, Ct));
        var jobs = Directory.GetDirectories(Path.Combine(repo.Root, ".orchestrator", "jobs"), "close-*");

        Assert.Equal("running", running.GetProperty("status").GetString());
        Assert.Equal("done", closed.GetProperty("status").GetString());
        Assert.Equal("committed", closed.GetProperty("commit_status").GetString());
        Assert.NotEmpty(closed.GetProperty("commits").EnumerateArray());
        Assert.Equal(2, jobs.Length);
        Assert.All(jobs, job => Assert.True(File.Exists(Path.Combine(job, "outcome.json")), job));
        Assert.Equal(1, agents.Count("start executor", "c1"));
    }

    [Fact]
    public async Task A_close_whose_worker_is_killed_mid_way_reads_interrupted_honestly_and_the_next_close_commits()
    {
        using var repo = TempGitRepository.Create();
        var agents = SleepingAgents.Install(repo.Root, defaultSleepSeconds: 0);
        await using var client = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct);
        var sessionId = await PhaseFlow.ToApprovedBuildAsync(client, repo.Root, SleepingAgents.Chunks("c1"), Ct);
        var started = await client.CallOkAsync("build_start", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);
        await PhaseFlow.WaitForEndAsync(client, started.GetProperty("run_id").GetString()!, repo.Root, Ct);
        var close = new Dictionary<string, object?> { ["session_id"] = sessionId, ["wait_seconds"] = 30, ["project_root"] = repo.Root };
        await UntilDoneAsync(() => client.CallOkAsync("close", close, Ct), "awaiting_approval");
        await client.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "publish", ["decision"] = "approve", ["project_root"] = repo.Root }, Ct);
        var reviews = agents.Count("start reviewer", "-");
        agents.Hold("review");
        await client.CallOkAsync("close", new() { ["session_id"] = sessionId, ["wait_seconds"] = 0, ["project_root"] = repo.Root }, Ct);
        await agents.WaitUntilAsync(a => a.Count("start reviewer", "-") > reviews, TimeSpan.FromSeconds(60), Ct);
        var worker = JobWorkerPid(repo.Root, "close");

        Process.GetProcessById(worker).Kill();
        var interrupted = await client.CallErrorAsync("close", close, Ct);
        agents.Release("review");
        var closed = await UntilDoneAsync(() => client.CallOkAsync("close", close, Ct));

        Assert.Contains("was interrupted", interrupted, StringComparison.Ordinal);
        Assert.Contains("close may have done some of its steps", interrupted, StringComparison.Ordinal);
        Assert.Equal("done", closed.GetProperty("status").GetString());
        Assert.Equal("committed", closed.GetProperty("commit_status").GetString());
        Assert.DoesNotContain(agents.Invocations(), i => ProcFs.IsLive(i.Pid));
    }

    private static Task<JsonElement> SpecAsync(McpClient client, string sessionId, string repoRoot, int waitSeconds) =>
        client.CallOkAsync("spec", new()
        {
            ["session_id"] = sessionId,
            ["angles"] = JsonSerializer.SerializeToElement(new[] { new { name = "a1", focus = "where greetings go" } }),
            ["wait_seconds"] = waitSeconds,
            ["project_root"] = repoRoot,
        }, Ct);

    /// <summary>Repeats a phase call until its status is no longer running.</summary>
    private static async Task<JsonElement> UntilDoneAsync(Func<Task<JsonElement>> call, string until = "done")
    {
        for (var round = 0; round < 20; round++)
        {
            var result = await call();
            if (result.GetProperty("status").GetString() != "running")
            {
                return result;
            }
        }

        throw new TimeoutException($"the job never became {until}");
    }

    /// <summary>The pid in the job.lock of the <paramref name="phase"/> job that has not ended.</summary>
    private static int JobWorkerPid(string repoRoot, string phase)
    {
        var job = Directory.GetDirectories(Path.Combine(repoRoot, ".orchestrator", "jobs"), phase + "-*").Single(d => !File.Exists(Path.Combine(d, "outcome.json")));
        return JsonDocument.Parse(File.ReadAllText(Path.Combine(job, "job.lock"))).RootElement.GetProperty("pid").GetInt32();
    }
}
