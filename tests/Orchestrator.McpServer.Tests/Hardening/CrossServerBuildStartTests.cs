using System.Text.Json;
using ModelContextProtocol.Client;
using Orchestrator.McpServer.Tests.Detached;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Hardening;

/// <summary>
/// Issue 17, finding 4 across processes: <c>build_start</c> calls on one session that race from two separate server
/// processes (the built server over stdio, as two clients of one repository would have) start exactly one run; the
/// in-process race is <c>Protocol/BuildStartConcurrencyTests</c>.
/// </summary>
public sealed class CrossServerBuildStartTests
{
    private const int Rounds = 5;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Build_starts_racing_from_two_servers_on_one_session_start_exactly_one_run()
    {
        using var repo = TempGitRepository.Create();
        var agents = SleepingAgents.Install(repo.Root, defaultSleepSeconds: 1);
        await using var first = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct);
        await using var second = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct);
        var rounds = new List<(string SessionId, List<(bool Started, string Text)> Calls)>();

        // A few sessions, each raced once (each a fresh chance for the two servers to interleave).
        for (var round = 0; round < Rounds; round++)
        {
            var chunk = $"r{round}";
            agents.Hold(chunk);
            var sessionId = await PhaseFlow.ToApprovedBuildAsync(first, repo.Root, SleepingAgents.Chunks(chunk), Ct);
            var arguments = new Dictionary<string, object?> { ["session_id"] = sessionId, ["project_root"] = repo.Root };
            var calls = await Task.WhenAll(new[] { first, second, first, second }.Select(client => Task.Run(() => StartAsync(client, arguments), Ct)));
            rounds.Add((sessionId, calls.ToList()));

        }

        var runsFolder = Path.Combine(repo.Root, ".orchestrator", "runs");
        var runFolders = Directory.EnumerateDirectories(runsFolder).Select(Path.GetFileName).ToList();

        var statuses = new List<JsonElement>();
        foreach (var (sessionId, _) in rounds)
        {
            statuses.Add(await first.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct));
        }

        for (var round = 0; round < Rounds; round++)
        {
            agents.Release($"r{round}");
        }

        var ended = new List<string?>();
        foreach (var run in runFolders)
        {
            ended.Add((await PhaseFlow.WaitForEndAsync(second, run!, repo.Root, Ct)).GetProperty("status").GetString());
        }

        for (var round = 0; round < Rounds; round++)
        {
            var (sessionId, calls) = rounds[round];
            TestContext.Current.TestOutputHelper?.WriteLine($"round {round}: " + string.Join("\n  ", calls.Select(c => $"{c.Started}: {c.Text}")));
            var started = Assert.Single(calls, c => c.Started);
            Assert.Equal(3, calls.Count(c => !c.Started));
            Assert.All(calls.Where(c => !c.Started), c => Assert.Contains("Cannot start a build", c.Text, StringComparison.Ordinal));
            var runs = statuses[round].GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("run_id").GetString()).ToList();
            Assert.Equal([started.Text], runs);
            Assert.Equal(1, agents.Count("start executor", $"r{round}"));
        }

        Assert.Equal(Rounds, runFolders.Count);
        Assert.All(ended, status => Assert.Equal("completed", status));
    }

    /// <summary>(true, run id) when the call started a run, else (false, the refusal).</summary>
    private static async Task<(bool Started, string Text)> StartAsync(McpClient client, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync("build_start", arguments, cancellationToken: Ct);
        return result.IsError is true
            ? (false, ToolCalls.TextOf(result))
            : (true, JsonSerializer.SerializeToElement(result.StructuredContent).GetProperty("run_id").GetString()!);
    }
}
