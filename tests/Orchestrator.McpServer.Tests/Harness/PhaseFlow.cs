using System.Text.Json;
using ModelContextProtocol.Client;
using Orchestrator.Core.Agents;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Harness;

/// <summary>Shared steps of the phase-tool tests: a server whose agents are scripted, and the walk to an approved build gate.</summary>
internal static class PhaseFlow
{
    public static ScriptedAgentRunner ScriptedAgents() => new ScriptedAgentRunner()
        .When(j => j.Role == AgentRole.Researcher, Research())
        .When(j => j.Role == AgentRole.Planner, Planning());

    /// <summary>A researcher's answer (its summary names src/Auth/Login.cs:12).</summary>
    public static ScriptedStep Research() => ScriptedStep.Json(new
    {
        summary = "Login lives in src/Auth/Login.cs:12",
        locations = new[] { new { file = "src/Auth/Login.cs", line = 12, note = "entry point" } },
        conventions = new[] { "xunit tests beside the code" },
        constraints = Array.Empty<string>(),
        correctnessCritical = false,
    });

    /// <summary>A planner's answer (one gap, one open question).</summary>
    public static ScriptedStep Planning() => ScriptedStep.Json(new
    {
        plan = "## Plan\n1. Add src/a.cs\n2. Add src/b.cs using it",
        gaps = new[] { "token refresh is unclear" },
        openQuestions = new[] { "Which provider first?" },
        suggestedChunking = "c1 (a.cs) then c2 (b.cs)",
    });

    public static Task<InMemoryMcpServer> StartAsync(string protocolVersion, ScriptedEnvironmentFactory factory, CancellationToken cancellationToken,
        Action<McpClientOptions>? configureClient = null) =>
        InMemoryMcpServer.StartAsync(protocolVersion, configureClient: configureClient, cancellationToken: cancellationToken,
            configureServices: factory.AddTo);

    public static JsonElement TwoChunks() => JsonSerializer.SerializeToElement(new object[]
    {
        new { id = "c1", scope = "add a", files = new[] { "src/a.cs" }, model = "haiku", tests = false },
        new { id = "c2", scope = "add b using a", files = new[] { "src/b.cs" }, model = "sonnet", tests = false, dependsOn = new[] { "c1" } },
    });

    public static async Task<string> StartSessionAsync(McpClient client, string repoRoot, CancellationToken cancellationToken)
    {
        var started = await client.CallOkAsync("session_start", new() { ["description"] = "Add a greeting module", ["project_root"] = repoRoot, ["new"] = true }, cancellationToken);
        return started.GetProperty("session_id").GetString()!;
    }

    /// <summary>session_start, host-supplied findings and plan, approve(plan), divide with <paramref name="chunks"/>, approve(build).</summary>
    public static async Task<string> ToApprovedBuildAsync(McpClient client, string repoRoot, JsonElement chunks, CancellationToken cancellationToken)
    {
        var sessionId = await StartSessionAsync(client, repoRoot, cancellationToken);
        await client.CallOkAsync("spec", new() { ["session_id"] = sessionId, ["findings"] = "Greeting code goes in src/.", ["project_root"] = repoRoot }, cancellationToken);
        await client.CallOkAsync("plan", new() { ["session_id"] = sessionId, ["plan"] = "# Plan\nAdd the files.", ["project_root"] = repoRoot }, cancellationToken);
        await client.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "plan", ["decision"] = "approve", ["project_root"] = repoRoot }, cancellationToken);
        await client.CallOkAsync("divide", new() { ["session_id"] = sessionId, ["chunks"] = chunks, ["project_root"] = repoRoot }, cancellationToken);
        await client.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "build", ["decision"] = "approve", ["project_root"] = repoRoot }, cancellationToken);
        return sessionId;
    }

    /// <summary>build_status with long-polls until the run is no longer running.</summary>
    public static async Task<JsonElement> WaitForEndAsync(McpClient client, string runId, string repoRoot, CancellationToken cancellationToken, ProgressRecorder? progress = null)
    {
        long since = 0;
        for (var round = 0; round < 40; round++)
        {
            var arguments = new Dictionary<string, object?> { ["run_id"] = runId, ["wait_seconds"] = 30, ["since_event"] = since, ["project_root"] = repoRoot };
            var result = progress is null
                ? await client.CallToolAsync("build_status", arguments, cancellationToken: cancellationToken)
                : await progress.CallToolAsync(client, "build_status", arguments, cancellationToken);
            Assert.True(result.IsError is not true, ToolCalls.TextOf(result));
            var status = JsonSerializer.SerializeToElement(result.StructuredContent);
            since = status.GetProperty("next_event").GetInt64();
            if (status.GetProperty("status").GetString() != "running")
            {
                return status;
            }
        }

        throw new TimeoutException($"run {runId} did not finish");
    }
}
