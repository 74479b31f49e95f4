using System.Text.Json;
using ModelContextProtocol.Client;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Detached;

/// <summary>
/// A phase job in a detached worker, seen and stopped from a server that did not start it: two built servers over
/// stdio on one repository, real worker and agent processes. session_status of the other server shows the live job
/// (its id, phase, worker, progress); build_cancel with the job id stops it (the worker records it cancelled and its
/// agent dies); the phase's next call reports the cancellation and the one after runs it again.
/// </summary>
public sealed class PhaseJobVisibilityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Another_servers_session_status_shows_the_live_job_and_its_build_cancel_stops_it()
    {
        using var repo = TempGitRepository.Create();
        var agents = SleepingAgents.Install(repo.Root, defaultSleepSeconds: 0);
        agents.Hold("a1");
        await using var first = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct);
        await using var second = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct);
        var sessionId = await PhaseFlow.StartSessionAsync(first, repo.Root, Ct);
        var running = await SpecAsync(first, sessionId, repo.Root, waitSeconds: 0);
        await agents.WaitUntilAsync(a => a.Count("start research", "a1") == 1, TimeSpan.FromSeconds(60), Ct);
        var agent = agents.Invocations().Single().Pid;

        var seen = await StatusAsync(second, sessionId, repo.Root);
        var job = seen.GetProperty("job");
        var jobId = job.GetProperty("job_id").GetString()!;
        var worker = job.GetProperty("worker").GetProperty("pid").GetInt32();
        var cancelled = await second.CallOkAsync("build_cancel", new() { ["run_id"] = jobId, ["project_root"] = repo.Root }, Ct);
        await ProcFs.WaitUntilGoneAsync(agent, Ct);
        await ProcFs.WaitUntilGoneAsync(worker, Ct);
        var after = await StatusAsync(second, sessionId, repo.Root);
        var again = await second.CallErrorAsync("build_cancel", new() { ["run_id"] = jobId, ["project_root"] = repo.Root }, Ct);
        var reported = await first.CallErrorAsync("spec", new() { ["session_id"] = sessionId, ["wait_seconds"] = 30, ["project_root"] = repo.Root }, Ct);
        agents.Release("a1");
        var rerun = await UntilDoneAsync(() => SpecAsync(first, sessionId, repo.Root, waitSeconds: 30));

        Assert.Equal("running", running.GetProperty("status").GetString());
        Assert.StartsWith("spec-", jobId, StringComparison.Ordinal);
        Assert.Equal("spec", job.GetProperty("phase").GetString());
        Assert.Equal("running", job.GetProperty("status").GetString());
        Assert.False(job.GetProperty("worker").GetProperty("this_server").GetBoolean());
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.False(after.TryGetProperty("job", out _), "an ended job is still listed: " + after);
        Assert.Contains("already ended", again, StringComparison.Ordinal);
        Assert.Contains("was cancelled", reported, StringComparison.Ordinal);
        Assert.Equal("done", rerun.GetProperty("status").GetString());
        Assert.Equal(1, agents.Count("end research", "a1"));
        Assert.Equal(2, agents.Count("start research", "a1"));
        Assert.DoesNotContain(agents.Invocations(), i => ProcFs.IsLive(i.Pid));
    }

    [Fact]
    public async Task Build_cancel_of_an_unknown_job_id_names_the_problem()
    {
        using var repo = TempGitRepository.Create();
        await using var client = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct);

        var refused = await client.CallErrorAsync("build_cancel", new() { ["run_id"] = "plan-20260101-000000-abcdef", ["project_root"] = repo.Root }, Ct);

        Assert.Contains("No phase job 'plan-20260101-000000-abcdef'", refused, StringComparison.Ordinal);
        Assert.Contains("session_status", refused, StringComparison.Ordinal);
    }

    private static Task<JsonElement> StatusAsync(McpClient client, string sessionId, string repoRoot) =>
        client.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = repoRoot }, Ct);

    private static Task<JsonElement> SpecAsync(McpClient client, string sessionId, string repoRoot, int waitSeconds) =>
        client.CallOkAsync("spec", new()
        {
            ["session_id"] = sessionId,
            ["angles"] = JsonSerializer.SerializeToElement(new[] { new { name = "a1", focus = "where greetings go" } }),
            ["wait_seconds"] = waitSeconds,
            ["project_root"] = repoRoot,
        }, Ct);

    private static async Task<JsonElement> UntilDoneAsync(Func<Task<JsonElement>> call)
    {
        for (var round = 0; round < 20; round++)
        {
            var result = await call();
            if (result.GetProperty("status").GetString() != "running")
            {
                return result;
            }
        }

        throw new TimeoutException("the job never finished");
    }
}
