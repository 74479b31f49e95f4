using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Core.Sessions;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;
using Orchestrator.Testing.FakeModelApis;

namespace Orchestrator.McpServer.Tests.AgentClients;

/// <summary>
/// The real <c>claude -p</c> (2.1.197) as the MCP client of the built server over stdio, its model the loopback fake
/// Anthropic API scripting the tool calls. Claude declares form elicitation and answers every form by itself
/// (cancel), so a headless run passes a gate only with <c>--gates client</c>.
/// </summary>
public sealed class ClaudeAsMcpClientTests
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(90);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_gates_client_claude_passes_the_plan_gate_and_STATE_md_records_decided_by_client()
    {
        using var repo = TempGitRepository.Create();
        var sessionId = await SeedPlannedSessionAsync(repo.Root);
        await using var api = new FakeAnthropicApi();
        await api.StartAsync(Ct);
        api.Script.Enqueue(
            FakeTurn.ToolCall("mcp__orchestrator__session_start", new { resume = sessionId, project_root = repo.Root }),
            FakeTurn.ToolCall("mcp__orchestrator__approve", new { session_id = sessionId, gate = "plan", decision = "approve", project_root = repo.Root }),
            FakeTurn.Text("The plan gate is approved."));

        var run = await RunClaudeAsync(api, repo.Root, "client");

        var gate = await PlanGateAsync(repo.Root, sessionId);
        Assert.True(run.ExitCode == 0, Describe(run));
        Assert.Equal(("approved", "approve", "client"), (gate.Status, gate.Decision, gate.DecidedBy));
        var results = ToolResults(api);
        Assert.Equal(2, results.Count);
        Assert.Contains("resumed", results[0]);
        Assert.Contains("\"decided_by\":\"client\"", results[1]);
        Assert.Empty(api.UnexpectedRequests);
        Assert.Equal(0, api.Script.RemainingTurns);
    }

    [Fact]
    public async Task With_gates_user_claudes_own_cancel_of_the_form_gets_the_refusal_naming_the_three_ways_forward()
    {
        using var repo = TempGitRepository.Create();
        var sessionId = await SeedPlannedSessionAsync(repo.Root);
        await using var api = new FakeAnthropicApi();
        await api.StartAsync(Ct);
        api.Script.Enqueue(
            FakeTurn.ToolCall("mcp__orchestrator__approve", new { session_id = sessionId, gate = "plan", decision = "approve", project_root = repo.Root }),
            FakeTurn.Text("The user has to decide."));

        var run = await RunClaudeAsync(api, repo.Root, "user");

        var gate = await PlanGateAsync(repo.Root, sessionId);
        Assert.True(run.ExitCode == 0, Describe(run));
        var refusal = Assert.Single(ToolResults(api));
        Assert.Contains("did not decide the plan gate", refusal);
        Assert.Contains("Three ways forward", refusal);
        Assert.Contains("--gates dashboard", refusal);
        Assert.Contains("--gates client", refusal);
        Assert.Equal(GateState.Open, gate.Status);
        Assert.Empty(api.UnexpectedRequests);
    }

    /// <summary>A session at the open plan gate, made through the real server in this process, which then lets it go.</summary>
    private static async Task<string> SeedPlannedSessionAsync(string root)
    {
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", cancellationToken: Ct);
        var sessionId = await PhaseFlow.StartSessionAsync(server.Client, root, Ct);
        await server.Client.CallOkAsync("plan", new() { ["session_id"] = sessionId, ["plan"] = "# Plan\nAdd the greeting module.", ["project_root"] = root }, Ct);
        return sessionId;
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunClaudeAsync(FakeAnthropicApi api, string root, string gates)
    {
        var config = Directory.CreateTempSubdirectory("orch-claude-config-").FullName;
        var (command, arguments) = AgentClientProcess.Server(root, gates);
        var mcpConfig = new JsonObject
        {
            ["mcpServers"] = new JsonObject
            {
                ["orchestrator"] = new JsonObject { ["type"] = "stdio", ["command"] = command, ["args"] = new JsonArray([.. arguments.Select(a => (JsonNode?)a)]) },
            },
        };
        var fake = FakeAgentEnvironment.ForClaude(api.BaseUrl, config);

        // -p may query the model before its MCP servers are connected ("No such tool available"); make it wait for them.
        var environment = fake with { Variables = new Dictionary<string, string>(fake.Variables) { ["MCP_CONNECTION_NONBLOCKING"] = "false", ["MCP_TIMEOUT"] = "120000" } };
        string[] claudeArguments =
        [
            "-p", "Take the orchestrator session through its plan gate.",
            "--output-format", "json", "--model", "sonnet", "--max-turns", "6",
            "--strict-mcp-config", "--mcp-config", mcpConfig.ToJsonString(),
            "--allowedTools", "mcp__orchestrator",
        ];
        try
        {
            return await AgentClientProcess.RunAsync(AgentClientProcess.Binary("claude"), claudeArguments, root, environment, ProcessTimeout, Ct);
        }
        finally
        {
            Directory.Delete(config, recursive: true);
        }
    }

    private static async Task<GateState> PlanGateAsync(string root, string sessionId)
    {
        var state = await new SessionStore(Path.Combine(root, ".orchestrator", "sessions")).LoadAsync(sessionId, Ct);
        Assert.True(state.Succeeded, state.Error?.Message);
        return state.Value.Gates.Plan;
    }

    /// <summary>The text of every tool_result Claude sent back to the model, in order.</summary>
    private static List<string> ToolResults(FakeAnthropicApi api) =>
        [.. api.MessageRequests.Last().Body!["messages"]!.AsArray()
            .SelectMany(m => m!["content"] is JsonArray blocks ? blocks : [])
            .Where(b => (string?)b!["type"] == "tool_result")
            .Select(b => b!["content"] is JsonValue text ? text.ToString() : b!["content"]!.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))];

    private static string Describe((int ExitCode, string Output, string Error) run) =>
        $"exit {run.ExitCode}\nstdout: {run.Output}\nstderr: {run.Error}";
}
