namespace Orchestrator.McpServer.Hosting.Http;

/// <summary>What <c>--http</c> serves on and how it guards itself.</summary>
/// <param name="Urls">Where to listen, e.g. <c>http://127.0.0.1:7777</c> (several separated by ';' on the command line).</param>
/// <param name="Token">The bearer token every /mcp and /api request must carry; required when any URL is beyond loopback.</param>
/// <param name="IdleTimeout">An MCP session with no request in flight for this long is ended (its next request gets 404).</param>
internal sealed record HttpServerOptions(IReadOnlyList<string> Urls, string? Token, TimeSpan IdleTimeout)
{
    public const string DefaultUrl = "http://127.0.0.1:7777";

    public const string TokenEnvironmentVariable = "ORCHESTRATOR_TOKEN";

    public static TimeSpan DefaultIdleTimeout { get; } = TimeSpan.FromMinutes(30);

    /// <summary>Largest request body accepted (a JSON-RPC message or a gate decision); Kestrel answers 413 beyond it.</summary>
    public long MaxRequestBodyBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Most idle MCP sessions kept at once. A session with a request in flight (an open GET stream included) is not
    /// idle; when a new session would pass the limit, the SDK ends the least recently used idle ones first, even
    /// before their idle timeout (their next request gets 404 and the client starts again).
    /// </summary>
    public int MaxIdleSessions { get; init; } = 256;

    /// <summary>How often the dashboard's live streams look at the journal and the session files.</summary>
    public TimeSpan DashboardPollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The clock for idle expiry and the dashboard's keep-alives (tests move it).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
