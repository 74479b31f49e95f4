using System.Text.Json;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Http;

/// <summary>A third-party Streamable HTTP client (the MCP Inspector CLI, Node) against the HTTP server, with a token.</summary>
public sealed class HttpInspectorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_inspector_lists_the_tools_and_calls_session_start_over_http()
    {
        using var repo = TempGitRepository.Create();
        const string Token = "inspector-token-5a4b3c2d1e";
        await using var server = await HttpTestServer.StartAsync(repo.Root, HttpTestServer.LoopbackOptions(Token), Ct);

        var list = await RunInspectorAsync(server.McpEndpoint, Token, "--method", "tools/list");
        var call = await RunInspectorAsync(server.McpEndpoint, Token, "--method", "tools/call", "--tool-name", "session_start", "--tool-arg", "description=Add OAuth login");

        var names = JsonDocument.Parse(list).RootElement.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Contains("session_start", names);
        var structured = JsonDocument.Parse(call).RootElement.GetProperty("structuredContent");
        Assert.Equal("wip-add-oauth-login", structured.GetProperty("branch").GetString());
        Assert.Equal(repo.Root, structured.GetProperty("project_root").GetString());
    }

    private static Task<string> RunInspectorAsync(Uri endpoint, string token, params string[] method) =>
        InspectorCli.RunAsync(new[] { endpoint.ToString(), "--transport", "http", "--header", "Authorization: Bearer " + token }.Concat(method), Ct);
}
