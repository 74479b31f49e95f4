using System.Text.Json;
using ModelContextProtocol.Client;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Detached;

/// <summary>
/// A worker killed between <c>run.finished</c> and settling its session (found by the 50-session soak): the session
/// stayed in phase build for good, since only the executing worker settled. Built for real (the built server, a real
/// detached worker and real agent processes), then the session and lock files are put back exactly as such a kill
/// leaves them; two fresh servers asked at once settle it, once; a server that starts settles it unasked.
/// </summary>
public sealed class UnsettledRunTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Fresh_servers_settle_a_run_whose_worker_died_before_settling_it_exactly_once()
    {
        using var repo = TempGitRepository.Create();
        var agents = SleepingAgents.Install(repo.Root, defaultSleepSeconds: 0);
        var (sessionId, runId, sessionDirectory) = await LeaveUnsettledAsync(repo, agents);

        await using var second = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct);
        await using var third = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct);
        var statuses = await Task.WhenAll(StatusAsync(second, runId, repo.Root), StatusAsync(third, runId, repo.Root));
        var fromSecond = await second.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);
        var fromThird = await third.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);
        var state = await File.ReadAllTextAsync(Path.Combine(sessionDirectory, "STATE.md"), Ct);

        Assert.All(statuses, s => Assert.Equal("completed", s.GetProperty("status").GetString()));
        Assert.Equal("review", fromSecond.GetProperty("phase").GetString());
        Assert.Equal("review", fromThird.GetProperty("phase").GetString());
        Assert.Single(state.Split('\n'), l => l.StartsWith($"- {runId} completed: ", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(sessionDirectory, "session.lock")) && ProcFs.IsLive(JsonDocument.Parse(File.ReadAllText(Path.Combine(sessionDirectory, "session.lock"))).RootElement.GetProperty("pid").GetInt32()),
            "a server that only read the session still holds its lock");
        Assert.Equal(1, agents.Count("end executor", "c1"));
    }

    [Fact]
    public async Task Session_status_alone_settles_it_too()
    {
        using var repo = TempGitRepository.Create();
        var agents = SleepingAgents.Install(repo.Root, defaultSleepSeconds: 0);
        agents.Hold("c1");
        await using var client = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct);
        var sessionId = await PhaseFlow.ToApprovedBuildAsync(client, repo.Root, SleepingAgents.Chunks("c1"), Ct);
        var runId = (await client.CallOkAsync("build_start", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct)).GetProperty("run_id").GetString()!;
        await agents.WaitUntilAsync(a => a.Count("start executor", "c1") == 1, TimeSpan.FromSeconds(60), Ct);
        var statePath = Path.Combine(repo.Root, ".orchestrator", "sessions", sessionId, "STATE.md");
        var building = await File.ReadAllTextAsync(statePath, Ct);
        var worker = JsonDocument.Parse(File.ReadAllText(Path.Combine(repo.Root, ".orchestrator", "runs", runId, "run.lock"))).RootElement.GetProperty("pid").GetInt32();
        agents.Release("c1");
        await ProcFs.WaitUntilGoneAsync(worker, Ct);
        await File.WriteAllTextAsync(statePath, building, Ct);

        var session = await client.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);
        var again = await client.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);

        Assert.Equal("review", session.GetProperty("phase").GetString());
        Assert.Equal("completed", session.GetProperty("runs")[0].GetProperty("status").GetString());
        Assert.Equal("review", again.GetProperty("phase").GetString());
        Assert.Single((await File.ReadAllTextAsync(statePath, Ct)).Split('\n'), l => l.StartsWith($"- {runId} ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_that_starts_settles_it_before_anyone_asks()
    {
        // For the dashboard, which only reads: the session must not stay in phase build until some tool asks about it.
        using var repo = TempGitRepository.Create();
        var agents = SleepingAgents.Install(repo.Root, defaultSleepSeconds: 0);
        var (_, runId, sessionDirectory) = await LeaveUnsettledAsync(repo, agents);
        var statePath = Path.Combine(sessionDirectory, "STATE.md");

        // A fresh server, asked nothing after initialize: its start-up sweep settles the run.
        await using var next = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var state = await File.ReadAllTextAsync(statePath, Ct);
        while (!state.Contains("phase: \"review\"", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, Ct);
            state = await File.ReadAllTextAsync(statePath, Ct);
        }

        Assert.Contains("phase: \"review\"", state, StringComparison.Ordinal);
        Assert.Single(state.Split('\n'), l => l.StartsWith($"- {runId} completed: ", StringComparison.Ordinal));
    }

    /// <summary>
    /// A real build of one chunk in a detached worker, then the worker's run lock, the session's lock and STATE.md
    /// (phase build) put back as they were while it ran: what a kill -9 between <c>run.finished</c> and the settle leaves.
    /// </summary>
    private static async Task<(string SessionId, string RunId, string SessionDirectory)> LeaveUnsettledAsync(TempGitRepository repo, SleepingAgents agents)
    {
        agents.Hold("c1");
        string sessionId;
        string runId;
        await using (var first = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct))
        {
            sessionId = await PhaseFlow.ToApprovedBuildAsync(first, repo.Root, SleepingAgents.Chunks("c1"), Ct);
            runId = (await first.CallOkAsync("build_start", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct)).GetProperty("run_id").GetString()!;
        }

        await agents.WaitUntilAsync(a => a.Count("start executor", "c1") == 1, TimeSpan.FromSeconds(60), Ct);
        var runDirectory = Path.Combine(repo.Root, ".orchestrator", "runs", runId);
        var sessionDirectory = Path.Combine(repo.Root, ".orchestrator", "sessions", sessionId);
        var kept = new[] { Path.Combine(runDirectory, "run.lock"), Path.Combine(sessionDirectory, "session.lock"), Path.Combine(sessionDirectory, "STATE.md") }
            .ToDictionary(p => p, File.ReadAllText);
        var worker = JsonDocument.Parse(kept.First().Value).RootElement.GetProperty("pid").GetInt32();
        agents.Release("c1");
        await ProcFs.WaitUntilGoneAsync(worker, Ct);
        Assert.Contains("\"type\":\"run.finished\"", await File.ReadAllTextAsync(Path.Combine(runDirectory, "events.jsonl"), Ct), StringComparison.Ordinal);
        foreach (var (path, text) in kept)
        {
            await File.WriteAllTextAsync(path, text, Ct);
        }

        Assert.Contains("phase: \"build\"", await File.ReadAllTextAsync(Path.Combine(sessionDirectory, "STATE.md"), Ct), StringComparison.Ordinal);
        return (sessionId, runId, sessionDirectory);
    }

    private static Task<JsonElement> StatusAsync(McpClient client, string runId, string repoRoot) =>
        client.CallOkAsync("build_status", new() { ["run_id"] = runId, ["wait_seconds"] = 0, ["project_root"] = repoRoot }, Ct);
}
