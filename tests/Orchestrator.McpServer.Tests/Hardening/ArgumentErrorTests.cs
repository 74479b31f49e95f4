using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Hardening;

/// <summary>
/// Arguments the SDK binds (missing, wrong JSON type, not an object) and damaged state files: every refusal names
/// the argument or file, what was wrong and the fix, never the SDK's bare "An error occurred".
/// </summary>
public sealed class ArgumentErrorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("build_status", """{}""", "argument `run_id` is missing; it is required. Pass `run_id` as a string")]
    [InlineData("session_status", """{"session_id":5}""", "argument `session_id` must be a string, got the number 5")]
    [InlineData("approve", """{"session_id":"x","gate":5,"decision":"approve"}""", "argument `gate` must be a string, got the number 5. Pass `gate` as a string (plan | build | concerns | failures | publish)")]
    [InlineData("divide", """{"session_id":"x","chunks":"nope"}""", "argument `chunks` must be an array of objects, got the string \"nope\"")]
    [InlineData("divide", """{"session_id":"x","chunks":[{"id":"c1"},{"id":5}]}""", "argument `chunks[1].id` must be a string, got the number 5")]
    [InlineData("build_start", """{"session_id":"x","max_parallel":"many"}""", "argument `max_parallel` must be an integer")]
    [InlineData("build_start", """{"session_id":"x","max_parallel":1e400}""", "argument `max_parallel` must be an integer")]
    [InlineData("build_start", """{"session_id":"x","max_parallel":2.5}""", "argument `max_parallel` must be an integer")]
    [InlineData("close", """{"session_id":"x","commit":"yes"}""", "argument `commit` must be true or false, got the string \"yes\"")]
    [InlineData("session_start", """{"description":null}""", "argument `description` is missing; it is required")]
    [InlineData("agent_job_submit", """{"job_id":"x"}""", "argument `output` is missing; it is required")]
    [InlineData("session_start", """{"description":"x","issues":[1]}""", "argument `issues[0]` must be a string")]
    public async Task Bound_arguments_of_the_wrong_shape_are_refused_by_name(string tool, string arguments, string expected)
    {
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", cancellationToken: Ct);

        var result = await CallRawAsync(server, tool, arguments);

        Assert.True(result.IsError);
        var text = ToolCalls.TextOf(result);
        Assert.Contains(expected, text, StringComparison.Ordinal);
        Assert.StartsWith(tool + ": ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("An error occurred", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]", "got an array []")]
    [InlineData("5", "got the value 5")]
    [InlineData("\"x\"", "got the value \"x\"")]
    public async Task Arguments_that_are_not_an_object_are_invalid_params_naming_the_field(string arguments, string expected)
    {
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", cancellationToken: Ct);
        var request = new JsonRpcRequest { Method = RequestMethods.ToolsCall, Params = JsonNode.Parse($$"""{"name":"session_start","arguments":{{arguments}}}""") };

        var failure = await Assert.ThrowsAsync<McpProtocolException>(() => server.Client.SendRequestAsync(request, Ct));
        var answered = await server.Client.ListToolsAsync(cancellationToken: Ct);

        Assert.Equal(McpErrorCode.InvalidParams, failure.ErrorCode);
        Assert.Contains("`arguments` of \"session_start\" must be an object", failure.Message, StringComparison.Ordinal);
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
        Assert.NotEmpty(answered);
    }

    [Fact]
    public async Task A_10_MB_bad_argument_comes_back_as_a_short_error()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", cancellationToken: Ct);
        var huge = new string('/', 10_000_000);

        var results = new[]
        {
            await server.Client.CallToolAsync("session_status", new Dictionary<string, object?> { ["session_id"] = huge, ["project_root"] = repo.Root }, cancellationToken: Ct),
            await server.Client.CallToolAsync("approve", new Dictionary<string, object?> { ["session_id"] = huge, ["gate"] = huge, ["decision"] = huge, ["project_root"] = repo.Root }, cancellationToken: Ct),
            await server.Client.CallToolAsync("build_status", new Dictionary<string, object?> { ["run_id"] = huge, ["project_root"] = repo.Root }, cancellationToken: Ct),
            await server.Client.CallToolAsync("session_start", new Dictionary<string, object?> { ["description"] = "x", ["isolation"] = huge, ["project_root"] = repo.Root }, cancellationToken: Ct),
        };

        Assert.All(results, r =>
        {
            Assert.True(r.IsError);
            Assert.InRange(ToolCalls.TextOf(r).Length, 1, 5_000);
        });
    }

    [Fact]
    public async Task A_damaged_result_json_and_chunks_json_are_named_in_the_error()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", cancellationToken: Ct);
        var sessionId = await PhaseFlow.ToApprovedBuildAsync(server.Client, repo.Root, PhaseFlow.TwoChunks(), Ct);
        var runId = "run-20260101-000000-beef";
        var runDirectory = Directory.CreateDirectory(Path.Combine(repo.Root, ".orchestrator", "runs", runId)).FullName;
        File.WriteAllText(Path.Combine(runDirectory, "result.json"), "{\"status\": \"completed\", \"perChunk\": [tor");
        var chunksFile = Path.Combine(repo.Root, ".orchestrator", "sessions", sessionId, "chunks.json");
        File.WriteAllText(chunksFile, "{\"waves\": [[{\"id\": ");

        var result = await server.Client.CallErrorAsync("build_result", new() { ["run_id"] = runId, ["project_root"] = repo.Root }, Ct);
        var build = await server.Client.CallErrorAsync("build_start", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);

        Assert.Contains(Path.Combine(runDirectory, "result.json") + " is damaged", result, StringComparison.Ordinal);
        Assert.Contains("build_status", result, StringComparison.Ordinal);
        Assert.Contains(chunksFile, build, StringComparison.Ordinal);
        Assert.Contains("Call divide", build, StringComparison.Ordinal);
        Assert.DoesNotContain("An error occurred", result + build, StringComparison.Ordinal);
    }

    private static async Task<CallToolResult> CallRawAsync(InMemoryMcpServer server, string tool, string arguments)
    {
        var request = new JsonRpcRequest { Method = RequestMethods.ToolsCall, Params = JsonNode.Parse($$"""{"name":"{{tool}}","arguments":{{arguments}}}""") };
        var response = await server.Client.SendRequestAsync(request, Ct);
        return JsonSerializer.Deserialize<CallToolResult>(response.Result!.ToJsonString(), McpJsonUtilities.DefaultOptions)!;
    }
}
