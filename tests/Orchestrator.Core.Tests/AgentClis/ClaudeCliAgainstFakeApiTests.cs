using System.Text.Json.Nodes;
using Orchestrator.Testing.FakeModelApis;
using Orchestrator.Testing;

namespace Orchestrator.Core.Tests.AgentClis;

/// <summary>
/// The real <c>claude -p</c> (2.1.197) against <see cref="FakeAnthropicApi"/>: proves the fake speaks the wire format
/// Claude accepts and pins down the behaviour the Claude runner relies on (structured output, denials, API errors).
/// </summary>
public sealed class ClaudeCliAgainstFakeApiTests
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Write_then_StructuredOutput_creates_the_file_and_returns_the_validated_object()
    {
        await using var api = await StartApiAsync();
        await using var trap = AgentCliLoopback.StartTrap();
        using var repo = new AgentCliScratch();
        var target = repo.PathOf("hello.txt");
        api.Script.Enqueue(
            FakeTurn.ClaudeWrite(target, "hello from the fake model\n"),
            FakeTurn.ClaudeStructuredOutput(new { status = "done", summary = "wrote hello.txt", filesChanged = new[] { "hello.txt" } }));

        var (run, result) = await RunClaudeAsync(api, trap, repo, "Create hello.txt [chunk:c1]", acceptEdits: true);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("hello from the fake model\n", File.ReadAllText(target));
        Assert.Equal("result", (string?)result["type"]);
        Assert.Equal("success", (string?)result["subtype"]);
        Assert.False((bool?)result["is_error"], run.Describe());
        var structured = Assert.IsType<JsonObject>(result["structured_output"]);
        Assert.Equal("done", (string?)structured["status"]);
        Assert.Equal("wrote hello.txt", (string?)structured["summary"]);
        Assert.Equal("hello.txt", (string?)structured["filesChanged"]![0]);
        // The text result is the same object serialized, so a runner can fall back to parsing "result".
        Assert.Equal("done", (string?)JsonNode.Parse((string)result["result"]!)!["status"]);
        Assert.True((double)result["total_cost_usd"]! > 0, run.Describe());
        Assert.True((int)result["usage"]!["input_tokens"]! > 0);
        Assert.True((int)result["usage"]!["output_tokens"]! > 0);
        Assert.Empty(result["permission_denials"]!.AsArray());

        // StructuredOutput ends the run: its tool_result is never sent back, so two model calls suffice.
        var calls = api.MessageRequests;
        Assert.Equal(2, calls.Count);
        Assert.Contains("StructuredOutput", calls[0].ToolNames);
        Assert.Contains("Write", calls[0].ToolNames);
        var structuredTool = calls[0].Body!["tools"]!.AsArray().Single(tool => (string?)tool!["name"] == "StructuredOutput")!;
        Assert.Equal("object", (string?)structuredTool["input_schema"]!["type"]);
        Assert.Equal("?beta=true", calls[0].Query);
        Assert.True((bool)calls[0].Body!["stream"]!);
        AgentCliLoopback.AssertStayedOnLoopback(api.UnexpectedRequests, trap, run);
        Assert.Equal(0, api.Script.RemainingTurns);
    }

    [Fact]
    public async Task Default_permission_mode_denies_Write_and_lists_the_denial()
    {
        await using var api = await StartApiAsync();
        await using var trap = AgentCliLoopback.StartTrap();
        using var repo = new AgentCliScratch();
        var target = repo.PathOf("denied.txt");
        api.Script.Enqueue(
            FakeTurn.ClaudeWrite(target, "should not be written\n"),
            FakeTurn.ClaudeStructuredOutput(new { status = "blocked", summary = "write was denied", blocker = "permission" }));

        var (run, result) = await RunClaudeAsync(api, trap, repo, "Create denied.txt [chunk:c2]", acceptEdits: false);

        // The run still "succeeds" with exit 0: only permission_denials tells a runner that the work did not happen.
        Assert.Equal(0, run.ExitCode);
        Assert.False(File.Exists(target));
        Assert.False((bool?)result["is_error"], run.Describe());
        var denial = Assert.Single(result["permission_denials"]!.AsArray())!;
        Assert.Equal("Write", (string?)denial["tool_name"]);
        Assert.Equal(target, (string?)denial["tool_input"]!["file_path"]);
        // The model was told about the denial through an error tool_result.
        var toolResult = api.MessageRequests[1].Body!["messages"]!.AsArray().Last()!["content"]!.AsArray()
            .First(block => (string?)block!["type"] == "tool_result")!;
        Assert.True((bool?)toolResult["is_error"] ?? false, toolResult.ToJsonString());
        AgentCliLoopback.AssertStayedOnLoopback(api.UnexpectedRequests, trap, run);
    }

    [Fact]
    public async Task StructuredOutput_that_violates_the_schema_is_rejected_client_side_and_retried()
    {
        await using var api = await StartApiAsync();
        await using var trap = AgentCliLoopback.StartTrap();
        using var repo = new AgentCliScratch();
        api.Script.Enqueue(
            FakeTurn.ClaudeStructuredOutput(new { status = "finished", summary = "not an allowed status" }),
            FakeTurn.ClaudeStructuredOutput(new { status = "done", summary = "second try" }));

        var (run, result) = await RunClaudeAsync(api, trap, repo, "Report [chunk:c6]", acceptEdits: true);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("second try", (string?)result["structured_output"]!["summary"]);
        // Claude validates the tool input against --json-schema itself and answers the model with an error tool_result.
        var toolResult = api.MessageRequests[1].Body!["messages"]!.AsArray().Last()!["content"]!.AsArray()
            .First(block => (string?)block!["type"] == "tool_result")!;
        Assert.True((bool?)toolResult["is_error"] ?? false);
        Assert.Contains("does not match required schema", (string?)toolResult["content"] ?? "", StringComparison.Ordinal);
        AgentCliLoopback.AssertStayedOnLoopback(api.UnexpectedRequests, trap, run);
    }

    [Fact]
    public async Task Text_answer_without_StructuredOutput_is_nudged_once_then_succeeds_without_structured_output()
    {
        await using var api = await StartApiAsync();
        await using var trap = AgentCliLoopback.StartTrap();
        using var repo = new AgentCliScratch();
        api.Script.Enqueue(FakeTurn.Text("all done"), FakeTurn.Text("still just text"));

        var (run, result) = await RunClaudeAsync(api, trap, repo, "Report [chunk:c7]", acceptEdits: true);

        // A runner must not trust subtype "success" alone: structured_output is simply absent.
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("success", (string?)result["subtype"]);
        Assert.False((bool?)result["is_error"]);
        Assert.Null(result["structured_output"]);
        Assert.Equal("still just text", (string?)result["result"]);
        var nudge = api.MessageRequests[1].Body!["messages"]!.AsArray().Last()!["content"]![0]!["text"]!.GetValue<string>();
        Assert.Contains("[structured-output-enforce]", nudge, StringComparison.Ordinal);
        AgentCliLoopback.AssertStayedOnLoopback(api.UnexpectedRequests, trap, run);
    }

    [Fact]
    public async Task Api_error_exits_one_and_still_prints_an_error_result()
    {
        await using var api = await StartApiAsync();
        await using var trap = AgentCliLoopback.StartTrap();
        using var repo = new AgentCliScratch();
        api.Script.Enqueue(FakeTurn.HttpError(500, "scripted overload"));

        var (run, result) = await RunClaudeAsync(api, trap, repo, "Anything [chunk:c3]", acceptEdits: true);

        Assert.Equal(1, run.ExitCode);
        Assert.True((bool?)result["is_error"], run.Describe());
        Assert.Equal(500, (int?)result["api_error_status"]);
        Assert.Contains("scripted overload", (string?)result["result"] ?? "", StringComparison.Ordinal);
        // CLAUDE_CODE_MAX_RETRIES=1: the first call and one retry.
        Assert.Equal(2, api.MessageRequests.Count);
        Assert.Empty(api.UnexpectedRequests);
        Assert.Empty(trap.Attempts);
    }

    [Fact]
    public async Task Parallel_processes_are_routed_to_their_own_script_by_marker()
    {
        await using var api = await StartApiAsync();
        await using var trap = AgentCliLoopback.StartTrap();
        using var repoA = new AgentCliScratch();
        using var repoB = new AgentCliScratch();
        api.Script
            .EnqueueFor("[chunk:A]", FakeTurn.ClaudeWrite(repoA.PathOf("a.txt"), "A\n"), FakeTurn.ClaudeStructuredOutput(new { status = "done", summary = "A" }))
            .EnqueueFor("[chunk:B]", FakeTurn.ClaudeWrite(repoB.PathOf("b.txt"), "B\n"), FakeTurn.ClaudeStructuredOutput(new { status = "done", summary = "B" }));

        var runs = await Task.WhenAll(
            RunClaudeAsync(api, trap, repoA, "Work on [chunk:A]", acceptEdits: true),
            RunClaudeAsync(api, trap, repoB, "Work on [chunk:B]", acceptEdits: true));

        Assert.Equal("A", (string?)runs[0].Result["structured_output"]!["summary"]);
        Assert.Equal("B", (string?)runs[1].Result["structured_output"]!["summary"]);
        Assert.Equal("A\n", File.ReadAllText(repoA.PathOf("a.txt")));
        Assert.Equal("B\n", File.ReadAllText(repoB.PathOf("b.txt")));
        Assert.Equal(2, api.MessageRequests.Count(request => request.Marker == "[chunk:A]"));
        Assert.Equal(2, api.MessageRequests.Count(request => request.Marker == "[chunk:B]"));
        Assert.Empty(api.UnexpectedRequests);
        Assert.Empty(trap.Attempts);
    }

    [Fact]
    public async Task Hanging_api_is_ended_by_the_timeout_and_the_tree_is_killed()
    {
        await using var api = await StartApiAsync();
        await using var trap = AgentCliLoopback.StartTrap();
        using var repo = new AgentCliScratch();
        api.Script.Enqueue(FakeTurn.Hang());
        var binaries = AgentCliBinaries.Locate();
        var environment = FakeAgentEnvironment.ForClaude(api.BaseUrl, repo.ConfigDirectory, trap.ProxyUrl);

        // 15 s: under a loaded test run claude may need several seconds before its first request.
        var run = await CliProcess.RunAsync(
            binaries.Claude, ClaudeArguments("Hang [chunk:c5]", acceptEdits: true), repo.WorkTree, environment,
            TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);

        Assert.True(run.TimedOut, run.Describe());
        Assert.Single(api.MessageRequests);
    }

    private static async Task<FakeAnthropicApi> StartApiAsync()
    {
        var api = new FakeAnthropicApi();
        await api.StartAsync(TestContext.Current.CancellationToken);
        return api;
    }


    private static async Task<(CliProcessResult Run, JsonObject Result)> RunClaudeAsync(
        FakeAnthropicApi api, OutboundTrafficTrap trap, AgentCliScratch repo, string prompt, bool acceptEdits)
    {
        var binaries = AgentCliBinaries.Locate();
        var environment = FakeAgentEnvironment.ForClaude(api.BaseUrl, repo.ConfigDirectory, trap.ProxyUrl);
        Assert.Empty(environment.NonLoopbackUrls());
        var run = await CliProcess.RunAsync(
            binaries.Claude, ClaudeArguments(prompt, acceptEdits), repo.WorkTree, environment, ProcessTimeout, TestContext.Current.CancellationToken);
        Assert.False(run.TimedOut, run.Describe());
        JsonNode? parsed = null;
        try
        {
            parsed = JsonNode.Parse(run.StandardOutput);
        }
        catch (System.Text.Json.JsonException)
        {
        }

        Assert.True(parsed is JsonObject, "stdout is not one JSON object:\n" + run.Describe());
        return (run, (JsonObject)parsed!);
    }

    private static List<string> ClaudeArguments(string prompt, bool acceptEdits)
    {
        List<string> arguments =
        [
            "-p", prompt,
            "--output-format", "json",
            "--json-schema", ExecutorSchema.Json,
            "--model", "sonnet",
            "--strict-mcp-config",
            "--mcp-config", """{"mcpServers":{}}""",
            "--max-turns", "10",
        ];
        if (acceptEdits)
        {
            arguments.AddRange(["--permission-mode", "acceptEdits"]);
        }

        return arguments;
    }
}
