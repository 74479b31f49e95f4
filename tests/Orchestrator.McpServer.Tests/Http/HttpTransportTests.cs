using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.McpServer.Hosting;
using Orchestrator.McpServer.Hosting.Http;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Http;

/// <summary>Streamable HTTP at /mcp: the SDK's real client, plus raw requests for what a well-behaved client never sends.</summary>
public sealed class HttpTransportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_sdk_client_over_http_starts_a_session_and_reads_it_back()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await HttpTestServer.StartAsync(repo.Root, cancellationToken: Ct);
        await using var client = await server.ConnectAsync("2025-11-25", cancellationToken: Ct);

        var tools = await client.ListToolsAsync(cancellationToken: Ct);
        var started = await client.CallOkAsync("session_start", new() { ["description"] = "Add OAuth login" }, Ct);
        var status = await client.CallOkAsync("session_status", new() { ["session_id"] = started.GetProperty("session_id").GetString() }, Ct);

        Assert.Equal("2025-11-25", client.NegotiatedProtocolVersion);
        Assert.False(string.IsNullOrEmpty(client.SessionId));
        Assert.Contains(tools, t => t.Name == "session_start");
        Assert.Contains(tools, t => t.Name == "session_status");
        Assert.Equal(repo.Root, started.GetProperty("project_root").GetString());
        Assert.True(Directory.Exists(started.GetProperty("worktree_path").GetString()));
        Assert.Equal("started", status.GetProperty("phase").GetString());
        Assert.True(status.GetProperty("locked_by").GetProperty("this_server").GetBoolean());
    }

    [Fact]
    public async Task Http_serves_the_same_tools_as_the_in_memory_server()
    {
        await using var http = await HttpTestServer.StartAsync(null, cancellationToken: Ct);
        await using var client = await http.ConnectAsync("2025-11-25", cancellationToken: Ct);
        await using var memory = await InMemoryMcpServer.StartAsync("2025-11-25", cancellationToken: Ct);

        var overHttp = (await client.ListToolsAsync(cancellationToken: Ct)).Select(t => t.Name).Order().ToList();
        var inMemory = (await memory.Client.ListToolsAsync(cancellationToken: Ct)).Select(t => t.Name).Order().ToList();
        var resourcesOverHttp = (await client.ListResourceTemplatesAsync(cancellationToken: Ct)).Select(t => t.UriTemplate).Order().ToList();
        var resourcesInMemory = (await memory.Client.ListResourceTemplatesAsync(cancellationToken: Ct)).Select(t => t.UriTemplate).Order().ToList();

        Assert.NotEmpty(overHttp);
        Assert.Equal(inMemory, overHttp);
        Assert.Equal(resourcesInMemory, resourcesOverHttp);
    }

    [Fact]
    public async Task Two_clients_in_parallel_get_separate_sessions()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await HttpTestServer.StartAsync(repo.Root, cancellationToken: Ct);
        var connecting = new[] { server.ConnectAsync("2025-11-25", cancellationToken: Ct), server.ConnectAsync("2025-11-25", cancellationToken: Ct) };
        var clients = await Task.WhenAll(connecting);
        try
        {
            var calls = await Task.WhenAll(
                clients[0].CallOkAsync("session_start", new() { ["description"] = "Add OAuth login" }, Ct),
                clients[1].CallOkAsync("session_start", new() { ["description"] = "Export reports as CSV" }, Ct));

            Assert.NotEqual(clients[0].SessionId, clients[1].SessionId);
            Assert.Equal(2, server.OpenSessions);
            Assert.NotEqual(calls[0].GetProperty("session_id").GetString(), calls[1].GetProperty("session_id").GetString());
            Assert.NotEqual(calls[0].GetProperty("worktree_path").GetString(), calls[1].GetProperty("worktree_path").GetString());
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }

        // Each client's dispose sends DELETE, which ends its session on the server (the client may not wait for the answer).
        Assert.True(SpinWait.SpinUntil(() => server.OpenSessions == 0, TimeSpan.FromSeconds(30)), $"{server.OpenSessions} session(s) still open");
    }

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("https://attacker.test:7777")]
    [InlineData("null")]
    public async Task A_foreign_origin_gets_403(string origin)
    {
        await using var server = await HttpTestServer.StartAsync(null, cancellationToken: Ct);
        using var http = new HttpClient();

        using var refused = await http.SendAsync(RawMcpHttp.Post(server.McpEndpoint, RawMcpHttp.InitializeBody, origin: origin), Ct);
        using var loopbackPage = await http.SendAsync(RawMcpHttp.Post(server.McpEndpoint, RawMcpHttp.InitializeBody, origin: "http://localhost:5173"), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("not allowed", await refused.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, loopbackPage.StatusCode);
        Assert.Equal(1, server.OpenSessions);
    }

    [Fact]
    public async Task A_non_loopback_host_header_gets_403_while_bound_to_loopback()
    {
        // DNS rebinding: evil.example resolves to 127.0.0.1, the browser sends Host: evil.example and no cross-origin Origin.
        await using var server = await HttpTestServer.StartAsync(null, cancellationToken: Ct);
        using var http = new HttpClient();
        using var request = RawMcpHttp.Post(server.McpEndpoint, RawMcpHttp.InitializeBody);
        request.Headers.Host = "evil.example:" + server.BaseAddress.Port;

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, server.OpenSessions);
    }

    [Fact]
    public async Task Beyond_loopback_it_refuses_to_start_without_a_token()
    {
        var settings = new ServerSettings(null, Microsoft.Extensions.Logging.LogLevel.Warning, Path.Combine(Path.GetTempPath(), "orch-test-logs"));

        var started = await HttpServer.StartAsync(settings, new HttpServerOptions(["http://0.0.0.0:0"], null, TimeSpan.FromMinutes(5)), null, Ct);

        Assert.False(started.Succeeded);
        Assert.Contains(HttpServerOptions.TokenEnvironmentVariable, started.Error!.Message);
        Assert.Contains("http://0.0.0.0:0", started.Error.Message);
    }

    [Fact]
    public async Task Beyond_loopback_a_missing_or_wrong_token_gets_401_and_the_right_one_works()
    {
        using var repo = TempGitRepository.Create();
        const string Token = "s3cret-token-for-tests-0123456789";
        var options = new HttpServerOptions(["http://0.0.0.0:0"], Token, TimeSpan.FromMinutes(5));
        await using var server = await HttpTestServer.StartAsync(repo.Root, options, Ct);
        using var http = new HttpClient();

        using var missing = await http.SendAsync(RawMcpHttp.Post(server.McpEndpoint, RawMcpHttp.InitializeBody), Ct);
        using var wrong = await http.SendAsync(RawMcpHttp.Post(server.McpEndpoint, RawMcpHttp.InitializeBody, token: "s3cret-token-for-tests-0123456788"), Ct);
        using var apiWithout = await http.GetAsync(new Uri(server.BaseAddress, "/api/overview"), Ct);
        using var pageWithout = await http.GetAsync(server.BaseAddress, Ct);
        await using var client = await server.ConnectAsync("2025-11-25", Token, Ct);
        var status = await client.CallToolAsync("session_status", new Dictionary<string, object?>(), cancellationToken: Ct);
        using var apiRequest = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseAddress, "/api/overview"));
        apiRequest.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        using var apiWith = await http.SendAsync(apiRequest, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.DoesNotContain(Token[..10], await wrong.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.Unauthorized, apiWithout.StatusCode);
        Assert.Equal(HttpStatusCode.OK, pageWithout.StatusCode);
        Assert.True(status.IsError, "no session yet, so session_status is a tool error, but it got through");
        Assert.Contains("session_start", ToolCalls.TextOf(status));
        Assert.Equal(HttpStatusCode.OK, apiWith.StatusCode);
    }

    [Fact]
    public async Task An_idle_session_expires_and_then_gets_404()
    {
        // The SDK checks idle sessions on a timer of the transport's TimeProvider (every 5 s of it), so moving the fake
        // clock both ages the sessions and runs the check.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = HttpTestServer.LoopbackOptions() with { IdleTimeout = TimeSpan.FromMinutes(10), Time = clock };
        await using var server = await HttpTestServer.StartAsync(null, options, Ct);
        using var http = new HttpClient();
        var first = await RawMcpHttp.InitializeAsync(http, server.McpEndpoint, null, Ct);
        var second = await RawMcpHttp.InitializeAsync(http, server.McpEndpoint, null, Ct);

        using var beforeExpiry = await http.SendAsync(RawMcpHttp.Post(server.McpEndpoint, RawMcpHttp.ToolsListBody, first), Ct);
        clock.Advance(TimeSpan.FromMinutes(9));
        using var stillOpen = await http.SendAsync(RawMcpHttp.Post(server.McpEndpoint, RawMcpHttp.ToolsListBody, first), Ct);
        clock.Advance(TimeSpan.FromMinutes(2));
        var secondExpired = SpinWait.SpinUntil(() => server.OpenSessions == 1, TimeSpan.FromSeconds(30));
        using var afterExpiry = await http.SendAsync(RawMcpHttp.Post(server.McpEndpoint, RawMcpHttp.ToolsListBody, second), Ct);
        using var usedRecently = await http.SendAsync(RawMcpHttp.Post(server.McpEndpoint, RawMcpHttp.ToolsListBody, first), Ct);
        clock.Advance(TimeSpan.FromMinutes(11));
        var firstExpired = SpinWait.SpinUntil(() => server.OpenSessions == 0, TimeSpan.FromSeconds(30));
        using var expiredToo = await http.SendAsync(RawMcpHttp.Post(server.McpEndpoint, RawMcpHttp.ToolsListBody, first), Ct);

        Assert.Equal(HttpStatusCode.OK, beforeExpiry.StatusCode);
        Assert.True((await RawMcpHttp.ReadMessageAsync(beforeExpiry, Ct)).GetProperty("result").GetProperty("tools").GetArrayLength() > 0);
        Assert.Equal(HttpStatusCode.OK, stillOpen.StatusCode);
        Assert.True(secondExpired, $"{server.OpenSessions} session(s) open after the second one's idle timeout");
        Assert.Equal(HttpStatusCode.NotFound, afterExpiry.StatusCode);
        Assert.Equal(-32001, (await RawMcpHttp.ReadMessageAsync(afterExpiry, Ct)).GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(HttpStatusCode.OK, usedRecently.StatusCode);
        Assert.True(firstExpired, $"{server.OpenSessions} session(s) open after the first one's idle timeout");
        Assert.Equal(HttpStatusCode.NotFound, expiredToo.StatusCode);
    }

    [Fact]
    public async Task Delete_ends_a_session_and_unknown_sessions_get_404()
    {
        await using var server = await HttpTestServer.StartAsync(null, cancellationToken: Ct);
        using var http = new HttpClient();
        var sessionId = await RawMcpHttp.InitializeAsync(http, server.McpEndpoint, null, Ct);

        using var delete = new HttpRequestMessage(HttpMethod.Delete, server.McpEndpoint);
        delete.Headers.Add("Mcp-Session-Id", sessionId);
        using var deleted = await http.SendAsync(delete, Ct);
        using var afterDelete = await http.SendAsync(RawMcpHttp.Post(server.McpEndpoint, RawMcpHttp.ToolsListBody, sessionId), Ct);
        using var made = await http.SendAsync(RawMcpHttp.Post(server.McpEndpoint, RawMcpHttp.ToolsListBody, "0123456789abcdef"), Ct);
        using var noSession = await http.SendAsync(RawMcpHttp.Post(server.McpEndpoint, RawMcpHttp.ToolsListBody), Ct);

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterDelete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, made.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noSession.StatusCode);
        Assert.Contains("initialize", await noSession.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_2026_07_28_request_is_served_without_a_session_and_the_sdk_client_uses_it()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await HttpTestServer.StartAsync(repo.Root, cancellationToken: Ct);
        using var http = new HttpClient();
        const string Discover = """{"jsonrpc":"2.0","id":7,"method":"server/discover","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}""";
        using var discoverRequest = RawMcpHttp.Post(server.McpEndpoint, Discover, protocolVersion: "2026-07-28");
        discoverRequest.Headers.Add("Mcp-Method", "server/discover");

        using var raw = await http.SendAsync(discoverRequest, Ct);
        var discovered = (await RawMcpHttp.ReadMessageAsync(raw, Ct)).GetProperty("result");
        using var getStream = new HttpRequestMessage(HttpMethod.Get, server.McpEndpoint);
        getStream.Headers.Accept.ParseAdd("text/event-stream");
        getStream.Headers.Add("MCP-Protocol-Version", "2026-07-28");
        using var noStream = await http.SendAsync(getStream, Ct);
        // The SDK's default client tries 2026-07-28 first, and now stays on it.
        await using var client = await server.ConnectAsync(protocolVersion: null, cancellationToken: Ct);
        await using var sessionClient = await server.ConnectAsync("2025-11-25", cancellationToken: Ct);
        var tools = (await client.ListToolsAsync(cancellationToken: Ct)).Select(t => t.Name).Order().ToList();
        var sessionTools = (await sessionClient.ListToolsAsync(cancellationToken: Ct)).Select(t => t.Name).Order().ToList();
        var started = await client.CallOkAsync("session_start", new() { ["description"] = "Add OAuth login" }, Ct);
        var status = await client.CallOkAsync("session_status", new() { ["session_id"] = started.GetProperty("session_id").GetString() }, Ct);
        // Every stateless request builds its server anew: the compacted schemas must come out the same each time.
        var statelessSchemas = await ToolJsonAsync(client);
        var sessionSchemas = await ToolJsonAsync(sessionClient);

        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        Assert.False(raw.Headers.Contains("Mcp-Session-Id"));
        var versions = discovered.GetProperty("supportedVersions").EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.Contains("2026-07-28", versions);
        Assert.True(discovered.GetProperty("capabilities").TryGetProperty("tools", out _), discovered.GetRawText());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, noStream.StatusCode);
        Assert.Equal("2026-07-28", client.NegotiatedProtocolVersion);
        Assert.True(string.IsNullOrEmpty(client.SessionId));
        Assert.Equal(sessionTools, tools);
        Assert.Equal(sessionSchemas, statelessSchemas);
        Assert.Equal(1, server.OpenSessions);
        Assert.Equal("started", started.GetProperty("phase").GetString());
        Assert.Equal(repo.Root, status.GetProperty("project_root").GetString());
    }

    private static async Task<List<string>> ToolJsonAsync(ModelContextProtocol.Client.McpClient client) =>
        (await client.ListToolsAsync(cancellationToken: Ct))
            .Select(t => JsonSerializer.Serialize(t.ProtocolTool, ModelContextProtocol.McpJsonUtilities.DefaultOptions))
            .Order(StringComparer.Ordinal)
            .ToList();

    [Fact]
    public async Task Oversized_bodies_get_413_and_requests_without_the_streamable_accept_get_406()
    {
        var options = HttpTestServer.LoopbackOptions() with { MaxRequestBodyBytes = 4096 };
        await using var server = await HttpTestServer.StartAsync(null, options, Ct);
        using var http = new HttpClient();
        var huge = RawMcpHttp.InitializeBody.Replace("\"raw\"", "\"" + new string('x', 10_000) + "\"", StringComparison.Ordinal);

        using var tooLarge = await http.SendAsync(RawMcpHttp.Post(server.McpEndpoint, huge), Ct);
        using var jsonOnly = RawMcpHttp.Post(server.McpEndpoint, RawMcpHttp.InitializeBody);
        jsonOnly.Headers.Accept.Clear();
        jsonOnly.Headers.Accept.ParseAdd("application/json");
        using var notAcceptable = await http.SendAsync(jsonOnly, Ct);
        using var notJson = await http.SendAsync(RawMcpHttp.Post(server.McpEndpoint, "{ not json"), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(HttpStatusCode.NotAcceptable, notAcceptable.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        // The SDK answers an unparsable body with Invalid Request (-32600), not JSON-RPC's Parse error (-32700).
        Assert.Equal(-32600, (await RawMcpHttp.ReadMessageAsync(notJson, Ct)).GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(0, server.OpenSessions);
    }
}
