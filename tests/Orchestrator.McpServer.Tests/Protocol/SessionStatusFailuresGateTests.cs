using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Protocol;

/// <summary>
/// session_status's structured gates carry the failures gate (issue 12) beside plan, build, concerns and publish: not
/// opened before a run, open once a run ends with a chunk not done, and the decision once approve records it.
/// </summary>
public sealed class SessionStatusFailuresGateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_run_ending_with_a_blocked_chunk_shows_the_open_failures_gate_in_session_status()
    {
        using var repo = TempGitRepository.Create();
        var runner = PhaseFlow.ScriptedAgents()
            .Executor("c1", ScriptedStep.Done("wrote a", "src/a.cs"))
            .Executor("c2", ScriptedStep.Blocked("b needs an API nobody owns"));
        await using var server = await PhaseFlow.StartAsync("2025-11-25", new ScriptedEnvironmentFactory(runner), Ct);
        var sessionId = await PhaseFlow.ToApprovedBuildAsync(server.Client, repo.Root, PhaseFlow.TwoChunks(), Ct);
        var arguments = new Dictionary<string, object?> { ["session_id"] = sessionId, ["project_root"] = repo.Root };
        var before = await server.Client.CallToolAsync("session_status", arguments, cancellationToken: Ct);

        var runId = (await server.Client.CallOkAsync("build_start", new(arguments) { ["runner"] = "claude", ["isolation"] = "shared" }, Ct)).GetProperty("run_id").GetString()!;
        var ended = await PhaseFlow.WaitForEndAsync(server.Client, runId, repo.Root, Ct);
        var open = await server.Client.CallToolAsync("session_status", arguments, cancellationToken: Ct);
        await server.Client.CallOkAsync("approve", new(arguments) { ["gate"] = "failures", ["decision"] = "defer", ["note"] = "c2 goes to an issue" }, Ct);
        var decided = await server.Client.CallOkAsync("session_status", arguments, Ct);

        Assert.Equal("completed_with_failures", ended.GetProperty("status").GetString());
        Assert.Equal("not_opened", Structured(before).GetProperty("gates").GetProperty("failures").GetProperty("status").GetString());
        Assert.Contains("failures=not_opened", ToolCalls.TextOf(before));
        Assert.Equal("open", Structured(open).GetProperty("gates").GetProperty("failures").GetProperty("status").GetString());
        Assert.Contains("failures=open", ToolCalls.TextOf(open));
        var failures = decided.GetProperty("gates").GetProperty("failures");
        Assert.Equal("defer", failures.GetProperty("decision").GetString());
        Assert.Equal("c2 goes to an issue", failures.GetProperty("note").GetString());
        Assert.Equal(["plan", "build", "concerns", "failures", "publish"], decided.GetProperty("gates").EnumerateObject().Select(g => g.Name));
    }

    private static System.Text.Json.JsonElement Structured(ModelContextProtocol.Protocol.CallToolResult result)
    {
        Assert.True(result.IsError is not true, ToolCalls.TextOf(result));
        return System.Text.Json.JsonSerializer.SerializeToElement(result.StructuredContent);
    }
}
