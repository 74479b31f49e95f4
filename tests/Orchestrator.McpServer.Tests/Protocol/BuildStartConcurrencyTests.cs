using System.Text.Json;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Protocol;

/// <summary>build_start is atomic per session: calls that race on one session start one run; the others are refused.</summary>
public sealed class BuildStartConcurrencyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Three_concurrent_build_starts_on_one_session_start_exactly_one_run()
    {
        using var repo = TempGitRepository.Create();
        var root = repo.Root;
        var agents = PhaseFlow.ScriptedAgents().Executor("c1", ScriptedStep.Hang());
        var factory = new ScriptedEnvironmentFactory(agents);
        await using var server = await PhaseFlow.StartAsync("2025-11-25", factory, Ct);
        var client = server.Client;
        var sessionId = await PhaseFlow.ToApprovedBuildAsync(client, root, PhaseFlow.TwoChunks(), Ct);
        var arguments = new Dictionary<string, object?> { ["session_id"] = sessionId, ["isolation"] = "shared", ["project_root"] = root };

        var calls = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => client.CallToolAsync("build_start", arguments, cancellationToken: Ct).AsTask(), Ct)));

        var started = Assert.Single(calls, c => c.IsError is not true);
        var runId = JsonSerializer.SerializeToElement(started.StructuredContent).GetProperty("run_id").GetString()!;
        var refused = calls.Where(c => c.IsError is true).Select(ToolCalls.TextOf).ToList();
        Assert.Equal(2, refused.Count);
        Assert.All(refused, text => Assert.Contains($"Cannot start a build: build run '{runId}' of session '{sessionId}' is still running", text, StringComparison.Ordinal));
        var status = await client.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = root }, Ct);
        Assert.Equal([runId], status.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("run_id").GetString()));
        Assert.Equal([runId], Directory.EnumerateDirectories(Path.Combine(root, ".orchestrator", "runs")).Select(Path.GetFileName));
        Assert.Single(factory.Setups);

        await client.CallOkAsync("build_cancel", new() { ["run_id"] = runId, ["project_root"] = root }, Ct);
    }
}
