using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.McpServer.Hosting.Http;

namespace Orchestrator.McpServer.Tests.Http;

/// <summary>
/// A client cannot hold more than its share of the HTTP session cap (issue 17, finding 8): over real HTTP, one client
/// opening 300 sessions loses its own oldest ones and never evicts another client's idle session nor keeps anyone out.
/// </summary>
public sealed class HttpSessionShareTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task One_client_opening_300_sessions_cannot_lock_out_a_second_client()
    {
        await using var server = await HttpTestServer.StartAsync(projectDirectory: null, cancellationToken: Ct);
        using var http = new HttpClient();
        // The second client's session is open first and idle from then on: without shares it is the least recently
        // used session when the 257th opens, and the cap would close it.
        var other = await RawMcpHttp.InitializeAsync(http, server.McpEndpoint, token: null, Ct, clientName: "other-client");

        var greedy = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            greedy.Add(await RawMcpHttp.InitializeAsync(http, server.McpEndpoint, token: null, Ct, clientName: "greedy-client"));
        }

        var shares = server.Services.GetRequiredService<HttpSessionShares>();
        var greedyHeld = shares.Held(HttpClientIdentity.From(IPAddress.Loopback, "greedy-client"));
        var otherStatus = await ToolsListStatusAsync(http, server.McpEndpoint, other);
        var oldestGreedy = await ToolsListStatusAsync(http, server.McpEndpoint, greedy[0]);
        var newestGreedy = await ToolsListStatusAsync(http, server.McpEndpoint, greedy[^1]);
        await using var late = await server.ConnectAsync("2025-11-25", cancellationToken: Ct);
        var lateTools = await late.ListToolsAsync(cancellationToken: Ct);

        Assert.Equal(HttpServerOptions.DefaultMaxSessionsPerClient, greedyHeld);
        Assert.Equal(HttpStatusCode.OK, otherStatus);
        Assert.Equal(HttpStatusCode.NotFound, oldestGreedy);
        Assert.Equal(HttpStatusCode.OK, newestGreedy);
        Assert.NotEmpty(lateTools);
        Assert.True(server.OpenSessions <= HttpServerOptions.DefaultMaxSessionsPerClient + 2, $"{server.OpenSessions} sessions open");
    }

    [Fact]
    public async Task A_client_past_its_share_loses_its_own_least_recently_used_idle_session_first()
    {
        var options = HttpTestServer.LoopbackOptions() with { MaxSessionsPerClient = 3 };
        await using var server = await HttpTestServer.StartAsync(projectDirectory: null, options, Ct);
        using var http = new HttpClient();
        var first = await RawMcpHttp.InitializeAsync(http, server.McpEndpoint, token: null, Ct, clientName: "busy");
        var second = await RawMcpHttp.InitializeAsync(http, server.McpEndpoint, token: null, Ct, clientName: "busy");
        var third = await RawMcpHttp.InitializeAsync(http, server.McpEndpoint, token: null, Ct, clientName: "busy");
        // Using the first makes the second the least recently used.
        Assert.Equal(HttpStatusCode.OK, await ToolsListStatusAsync(http, server.McpEndpoint, first));

        var fourth = await RawMcpHttp.InitializeAsync(http, server.McpEndpoint, token: null, Ct, clientName: "busy");

        Assert.Equal(HttpStatusCode.NotFound, await ToolsListStatusAsync(http, server.McpEndpoint, second));
        Assert.Equal(HttpStatusCode.OK, await ToolsListStatusAsync(http, server.McpEndpoint, first));
        Assert.Equal(HttpStatusCode.OK, await ToolsListStatusAsync(http, server.McpEndpoint, third));
        Assert.Equal(HttpStatusCode.OK, await ToolsListStatusAsync(http, server.McpEndpoint, fourth));
    }

    [Fact]
    public async Task At_the_session_cap_new_clients_get_in_and_the_least_recently_used_idle_sessions_end()
    {
        var options = HttpTestServer.LoopbackOptions() with { MaxIdleSessions = 4 };
        await using var server = await HttpTestServer.StartAsync(projectDirectory: null, options, Ct);
        using var http = new HttpClient();
        var sessions = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            // Six clients, one session each: nobody past a share, so only the cap is at work; every initialize is let in.
            sessions.Add(await RawMcpHttp.InitializeAsync(http, server.McpEndpoint, token: null, Ct, clientName: "client-" + i));
        }

        var statuses = new List<HttpStatusCode>();
        foreach (var session in sessions)
        {
            statuses.Add(await ToolsListStatusAsync(http, server.McpEndpoint, session));
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses);
    }

    [Fact]
    public void Identity_is_the_address_beyond_loopback_and_the_client_name_on_loopback()
    {
        var remote = IPAddress.Parse("192.0.2.7");

        Assert.Equal(HttpClientIdentity.From(remote, "a"), HttpClientIdentity.From(remote, "b"));
        Assert.NotEqual(HttpClientIdentity.From(remote, "a"), HttpClientIdentity.From(IPAddress.Parse("192.0.2.8"), "a"));
        Assert.NotEqual(HttpClientIdentity.From(IPAddress.Loopback, "a"), HttpClientIdentity.From(IPAddress.Loopback, "b"));
        Assert.Equal(HttpClientIdentity.From(IPAddress.Loopback, "a"), HttpClientIdentity.From(IPAddress.IPv6Loopback, "a"));
    }

    private static async Task<HttpStatusCode> ToolsListStatusAsync(HttpClient http, Uri endpoint, string sessionId)
    {
        using var response = await http.SendAsync(RawMcpHttp.Post(endpoint, RawMcpHttp.ToolsListBody, sessionId, protocolVersion: "2025-11-25"), Ct);
        return response.StatusCode;
    }
}
