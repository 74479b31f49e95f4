using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Orchestrator.McpServer.Hosting;
using Orchestrator.McpServer.Hosting.Http;

namespace Orchestrator.McpServer.Tests.Http;

/// <summary>The real HTTP server (same setup as <c>--http</c>) in this process on a free loopback port.</summary>
internal sealed class HttpTestServer : IAsyncDisposable
{
    private readonly RunningHttpServer _server;

    private HttpTestServer(RunningHttpServer server, HttpServerOptions options)
    {
        _server = server;
        Options = options;
        // A wildcard bind (0.0.0.0) is reached through loopback, as a same-machine client would.
        var address = server.Addresses[0];
        BaseAddress = new UriBuilder(address) { Host = "127.0.0.1" }.Uri;
    }

    public Uri BaseAddress { get; }

    public Uri McpEndpoint => new(BaseAddress, "/mcp");

    public HttpServerOptions Options { get; }

    public IServiceProvider Services => _server.Services;

    public int OpenSessions => Services.GetRequiredService<HttpSessionTracker>().OpenSessions;

    public static HttpServerOptions LoopbackOptions(string? token = null) =>
        new(["http://127.0.0.1:0"], token, HttpServerOptions.DefaultIdleTimeout);

    public static async Task<HttpTestServer> StartAsync(string? projectDirectory, HttpServerOptions? options = null, CancellationToken cancellationToken = default,
        Action<IServiceCollection>? configureServices = null)
    {
        options ??= LoopbackOptions();
        var settings = new ServerSettings(projectDirectory, LogLevel.Warning, Path.Combine(Path.GetTempPath(), "orch-test-logs"));
        var started = await HttpServer.StartAsync(settings, options, configureServices, cancellationToken);
        Assert.True(started.Succeeded, started.Error?.Message);
        return new HttpTestServer(started.Value, options);
    }

    /// <summary>The SDK's real client over Streamable HTTP; <paramref name="protocolVersion"/> null = the SDK's default (2026-07-28 first).</summary>
    public Task<McpClient> ConnectAsync(string? protocolVersion, string? token = null, CancellationToken cancellationToken = default,
        Action<McpClientOptions>? configureClient = null)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = McpEndpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            Name = "orchestrator-http",
            AdditionalHeaders = token is null ? null : new Dictionary<string, string> { ["Authorization"] = "Bearer " + token },
        });
        var options = new McpClientOptions
        {
            ProtocolVersion = protocolVersion,
            ClientInfo = new Implementation { Name = "orchestrator-http-tests", Version = "1.0" },
            InitializationTimeout = TimeSpan.FromSeconds(60),
        };
        configureClient?.Invoke(options);
        return McpClient.CreateAsync(transport, options, cancellationToken: cancellationToken);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
