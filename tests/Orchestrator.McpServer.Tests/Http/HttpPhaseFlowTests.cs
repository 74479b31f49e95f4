using Orchestrator.Core.Agents;
using Orchestrator.Core.Build.Journal;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Http;

/// <summary>The whole workflow through the SDK's real client over Streamable HTTP, agents scripted (the same walk as the in-memory phase tests).</summary>
public sealed class HttpPhaseFlowTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("2025-11-25")]
    [InlineData("2026-07-28")]
    public async Task Spec_plan_gates_divide_and_build_run_over_http_with_progress(string protocolVersion)
    {
        using var repo = TempGitRepository.Create();
        var factory = new ScriptedEnvironmentFactory(PhaseFlow.ScriptedAgents());
        await using var server = await HttpTestServer.StartAsync(repo.Root, cancellationToken: Ct,
            configureServices: factory.AddTo);
        await using var client = await server.ConnectAsync(protocolVersion, cancellationToken: Ct);
        var root = repo.Root;

        var started = await client.CallOkAsync("session_start", new() { ["description"] = "Add OAuth login", ["project_root"] = root }, Ct);
        var sessionId = started.GetProperty("session_id").GetString()!;
        var spec = await client.CallOkAsync("spec", new() { ["session_id"] = sessionId, ["project_root"] = root }, Ct);
        var plan = await client.CallOkAsync("plan", new() { ["session_id"] = sessionId, ["project_root"] = root }, Ct);
        var approvedPlan = await client.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "plan", ["decision"] = "approve", ["project_root"] = root }, Ct);
        var divided = await client.CallOkAsync("divide", new() { ["session_id"] = sessionId, ["chunks"] = PhaseFlow.TwoChunks(), ["project_root"] = root }, Ct);
        await client.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "build", ["decision"] = "approve", ["project_root"] = root }, Ct);
        var start = await client.CallOkAsync("build_start", new() { ["session_id"] = sessionId, ["runner"] = "claude", ["isolation"] = "shared", ["project_root"] = root }, Ct);
        var runId = start.GetProperty("run_id").GetString()!;
        var progress = new ProgressRecorder();
        var final = await PhaseFlow.WaitForEndAsync(client, runId, root, Ct, progress);
        var result = await client.CallOkAsync("build_result", new() { ["run_id"] = runId, ["project_root"] = root }, Ct);
        var status = await client.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = root }, Ct);

        Assert.Equal(3, spec.GetProperty("angles").GetArrayLength());
        Assert.Equal(3, factory.Runner.JobsFor(AgentRole.Researcher).Count);
        Assert.Equal("plan", plan.GetProperty("gate").GetString());
        Assert.Equal("client", approvedPlan.GetProperty("decided_by").GetString());
        Assert.Equal("build", divided.GetProperty("gate").GetString());
        Assert.Equal("completed", final.GetProperty("status").GetString());
        Assert.All(final.GetProperty("chunks").EnumerateArray(), c => Assert.Equal("succeeded", c.GetProperty("state").GetString()));
        // Progress notifications travel on the POST's event stream. (Which counts arrive depends on how far the run got
        // before each long-poll; a notification racing the call's response may be dropped by the client.)
        Assert.True(SpinWait.SpinUntil(() => progress.Values.Any(p => p.Total == 2), TimeSpan.FromSeconds(10)),
            "no progress notification arrived: " + string.Join(", ", progress.Values.Select(p => $"{p.Progress}/{p.Total}")));
        Assert.Equal(2, result.GetProperty("perChunk").GetArrayLength());
        Assert.Equal("completed", status.GetProperty("runs")[0].GetProperty("status").GetString());
        Assert.True(File.Exists(Path.Combine(root, ".orchestrator", "runs", runId, RunJournal.ResultFileName)));
    }
}
