using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Testing;
using Orchestrator.Testing.FakeModelApis;

namespace Orchestrator.McpServer.Tests.AgentClients;

/// <summary>
/// The real <c>codex exec</c> (0.169) as the MCP client of the built server over stdio, its model the loopback fake
/// OpenAI Responses API. Codex 0.169 never lists MCP tools to the model up front: it offers a client-run
/// <c>tool_search</c> tool, answers a <c>tool_search_call</c> with a <c>tool_search_output</c> naming the matches
/// under the namespace <c>mcp__&lt;server&gt;</c>, and then executes a <c>function_call</c> in that namespace against
/// the server. So the scripted model searches first, then calls. Like claude, codex answers elicitation forms by itself,
/// so a headless run passes a gate only with <c>--gates client</c>.
/// </summary>
public sealed class CodexAsMcpClientTests
{
    private const string Server = "orchestrator";

    // BM25 ranks the server's tools; a limit above their count returns every one, whatever the query.
    private const int AllTools = 40;

    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(120);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_gates_client_codex_finds_the_tools_by_tool_search_and_passes_the_plan_gate()
    {
        using var repo = TempGitRepository.Create();
        var sessionId = await GatedSessions.AtPlanGateAsync(repo.Root);
        await using var api = new FakeOpenAiResponsesApi();
        await api.StartAsync(Ct);
        api.Script.Enqueue(
            FakeTurn.CodexToolSearch("orchestrator session start resume approve gate", limit: AllTools),
            FakeTurn.CodexMcpToolCall(Server, "session_start", new { resume = sessionId, project_root = repo.Root }),
            FakeTurn.CodexMcpToolCall(Server, "approve", new { session_id = sessionId, gate = "plan", decision = "approve", project_root = repo.Root }),
            FakeTurn.Text("The plan gate is approved."));

        var run = await RunCodexAsync(api, repo.Root, "client", "Take the orchestrator session through its plan gate.");

        var plan = (await GatedSessions.GatesAsync(repo.Root, sessionId)).Plan;
        Assert.True(run.ExitCode == 0, Describe(run));
        Assert.Equal(("approved", "approve", "client"), (plan.Status, plan.Decision, plan.DecidedBy));
        AssertToolsCameFromToolSearch(api, "session_start", "approve");
        var results = ToolOutputs(api);
        Assert.Equal(2, results.Count);
        Assert.Contains("resumed", results[0]);
        Assert.Contains("\"decided_by\":\"client\"", results[1]);
        var calls = McpToolCalls(run.Output);
        Assert.Equal(["session_start", "approve"], calls.Select(c => c.Tool));
        Assert.All(calls, c => Assert.Equal(("orchestrator", "completed"), (c.Server, c.Status)));
        Assert.Empty(api.UnexpectedRequests);
        Assert.Equal(0, api.Script.RemainingTurns);
    }

    [Fact]
    public async Task With_gates_user_codexs_own_answer_to_the_form_gets_the_refusal_naming_the_three_ways_forward()
    {
        using var repo = TempGitRepository.Create();
        var sessionId = await GatedSessions.AtPlanGateAsync(repo.Root);
        await using var api = new FakeOpenAiResponsesApi();
        await api.StartAsync(Ct);
        api.Script.Enqueue(
            FakeTurn.CodexToolSearch("orchestrator approve gate", limit: AllTools),
            FakeTurn.CodexMcpToolCall(Server, "approve", new { session_id = sessionId, gate = "plan", decision = "approve", project_root = repo.Root }),
            FakeTurn.Text("The user has to decide."));

        var run = await RunCodexAsync(api, repo.Root, "user", "Take the orchestrator session through its plan gate.");

        var plan = (await GatedSessions.GatesAsync(repo.Root, sessionId)).Plan;
        Assert.True(run.ExitCode == 0, Describe(run));
        var refusal = Assert.Single(ToolOutputs(api));
        // The server asked by form (codex declares elicitation) and codex answered it by itself without accepting.
        Assert.True(refusal.Contains("did not decide the plan gate (they chose \"", StringComparison.Ordinal), refusal);
        Assert.Contains("Three ways forward", refusal);
        Assert.Contains("--gates client", refusal);
        Assert.Equal("open", plan.Status);
        Assert.Empty(api.UnexpectedRequests);
    }

    [Fact]
    public async Task With_gates_client_codex_passes_the_publish_gate_and_the_second_close_commits()
    {
        using var repo = TempGitRepository.Create();
        var (sessionId, workTree) = await GatedSessions.BuiltAsync(repo);
        var headBefore = TempGitRepository.GitIn(workTree, "rev-parse", "HEAD");
        await using var api = new FakeOpenAiResponsesApi();
        await api.StartAsync(Ct);
        api.Script.Enqueue(
            FakeTurn.CodexToolSearch("orchestrator close commit approve publish gate", limit: AllTools),
            FakeTurn.CodexMcpToolCall(Server, "close", new { session_id = sessionId, project_root = repo.Root, commit = true }),
            FakeTurn.CodexMcpToolCall(Server, "approve", new { session_id = sessionId, gate = "publish", decision = "approve", project_root = repo.Root }),
            FakeTurn.CodexMcpToolCall(Server, "close", new { session_id = sessionId, project_root = repo.Root }),
            FakeTurn.Text("Committed."));

        var run = await RunCodexAsync(api, repo.Root, "client", "Close the orchestrator session and commit it.");

        var publish = (await GatedSessions.GatesAsync(repo.Root, sessionId)).Publish;
        Assert.True(run.ExitCode == 0, Describe(run));
        AssertToolsCameFromToolSearch(api, "close", "approve");
        var results = ToolOutputs(api);
        Assert.Equal(3, results.Count);
        Assert.True(results[0].Contains("\"status\":\"awaiting_approval\"", StringComparison.Ordinal), string.Join("\n---\n", results));
        Assert.Contains("\"gate\":\"publish\"", results[0]);
        Assert.Contains("docs(notes): add hello notes", results[0]);
        Assert.Contains("\"decided_by\":\"client\"", results[1]);
        Assert.Contains("\"commit_status\":\"committed\"", results[2]);
        Assert.Equal(("approved", "approve", "client"), (publish.Status, publish.Decision, publish.DecidedBy));
        Assert.Equal(headBefore, TempGitRepository.GitIn(workTree, "rev-parse", "HEAD~1"));
        Assert.Equal("docs(notes): add hello notes", TempGitRepository.GitIn(workTree, "log", "-1", "--format=%s"));
        Assert.Equal("notes/hello.md", TempGitRepository.GitIn(workTree, "show", "--name-only", "--format=", "HEAD"));
        Assert.Empty(api.UnexpectedRequests);
        Assert.Equal(0, api.Script.RemainingTurns);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunCodexAsync(FakeOpenAiResponsesApi api, string root, string gates, string prompt)
    {
        var home = Directory.CreateTempSubdirectory("orch-codex-home-").FullName;
        var (command, arguments) = AgentClientProcess.Server(root, gates);
        var environment = FakeAgentEnvironment.ForCodex(api.BaseUrl, home);
        var m = $"mcp_servers.{Server}";
        // required: codex exec waits for the server's tools/list before the first model turn (otherwise the first
        // tool_search runs over an empty catalogue); the start-up timeout allows for dotnet under load.
        // default_tools_approval_mode: codex's own per-call approval, apart from the orchestrator's gates. Under exec's
        // approval policy "never" it refuses tools not marked read-only and non-destructive (close: "MCP tool call
        // requires approval, but approval policy is never"); "approve" lets them run, the gate still decides.
        List<string> codexArguments =
        [
            "exec", "--json", "--skip-git-repo-check", "-m", "gpt-5.5",
            .. environment.Arguments,
            "-c", $"{m}.command={TomlString(command)}",
            "-c", $"{m}.args=[{string.Join(",", arguments.Select(TomlString))}]",
            "-c", $"{m}.required=true",
            "-c", $"{m}.default_tools_approval_mode=\"approve\"",
            "-c", $"{m}.startup_timeout_sec=90",
            "-c", $"{m}.tool_timeout_sec=90",
            prompt,
        ];
        try
        {
            return await AgentClientProcess.RunAsync(AgentClientProcess.Binary("codex"), codexArguments, root, environment, ProcessTimeout, Ct);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>A TOML basic string (a JSON string literal is one for these plain paths and words).</summary>
    private static string TomlString(string value) => JsonSerializer.Serialize(value);

    /// <summary>
    /// The first model request offered tool_search and none of the server's tools; the answer to the search listed
    /// <paramref name="tools"/> under namespace <c>mcp__orchestrator</c>: the calls that followed used what codex found.
    /// </summary>
    private static void AssertToolsCameFromToolSearch(FakeOpenAiResponsesApi api, params string[] tools)
    {
        var first = api.ResponseRequests[0].Body!["tools"]!.AsArray();
        Assert.Contains(first, t => (string?)t!["type"] == "tool_search");
        Assert.DoesNotContain(first, t => (string?)t!["name"] is "approve" or "close" or "session_start" || ((string?)t!["name"])?.StartsWith("mcp__", StringComparison.Ordinal) == true);
        var output = Assert.Single(Input(api), i => (string?)i!["type"] == "tool_search_output")!;
        var ns = Assert.Single(output["tools"]!.AsArray(), t => (string?)t!["type"] == "namespace" && (string?)t["name"] == $"mcp__{Server}")!;
        var found = ns["tools"]!.AsArray().Select(t => (string?)t!["name"]).ToList();
        Assert.All(tools, tool => Assert.Contains(tool, found));
    }

    /// <summary>The output of every function call codex sent back to the model, in order.</summary>
    private static List<string> ToolOutputs(FakeOpenAiResponsesApi api) =>
        [.. Input(api).Where(i => (string?)i!["type"] == "function_call_output").Select(i => TextOf(i!["output"]))];

    /// <summary>A function_call_output's output: a string, or (for a long MCP result) a list of input_text items.</summary>
    private static string TextOf(JsonNode? output) => output switch
    {
        JsonValue text => text.ToString(),
        JsonArray items => string.Join("\n", items.Select(item => (string?)item?["text"] ?? item?.ToJsonString())),
        _ => output?.ToJsonString() ?? "",
    };

    private static JsonArray Input(FakeOpenAiResponsesApi api) => api.ResponseRequests[^1].Body!["input"]!.AsArray();

    /// <summary>The <c>mcp_tool_call</c> items codex reported on its JSONL stdout.</summary>
    private static List<(string? Server, string? Tool, string? Status)> McpToolCalls(string jsonl) =>
        [.. jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonNode.Parse(line))
            .Where(e => (string?)e?["type"] == "item.completed" && (string?)e["item"]?["type"] == "mcp_tool_call")
            .Select(e => ((string?)e!["item"]!["server"], (string?)e["item"]!["tool"], (string?)e["item"]!["status"]))];

    private static string Describe((int ExitCode, string Output, string Error) run) =>
        $"exit {run.ExitCode}\nstdout: {run.Output}\nstderr: {run.Error[Math.Max(0, run.Error.Length - 4000)..]}";
}
