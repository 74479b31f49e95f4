using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.AspNetCore;

namespace Orchestrator.McpServer.Hosting.Http;

/// <summary>How the SDK's Streamable HTTP transport (<c>MapMcp</c>) is set up for <c>--http</c>.</summary>
internal static class HttpTransportSetup
{
    public static IMcpServerBuilder WithOrchestratorHttpTransport(this IMcpServerBuilder builder, HttpServerOptions options)
    {
        builder.Services.AddSingleton<HttpSessionTracker>();
        builder.Services.AddOptions<HttpServerTransportOptions>().Configure<HttpSessionTracker>((transport, tracker) =>
        {
            // Sessions for clients that initialize (2025-11-25 and earlier): the gates ask the user by elicitation, the
            // project comes from the client's roots, and the GET stream carries server-initiated messages. Revision
            // 2026-07-28 has no sessions; its requests are served statelessly on the same endpoint instead of being
            // refused, so they get every tool, with the fallbacks a client without elicitation or roots gets.
            transport.SessionMode = HttpServerSessionMode.StatefulForInitializeClients;
            transport.TimeProvider = options.Time;

            // The SDK marks its session settings obsolete (MCP9006) to steer new servers to stateless mode; sessions
            // are what the 2025-11-25 clients above need, so their idle limits are set here on purpose.
#pragma warning disable MCP9006
            transport.IdleTimeout = options.IdleTimeout;
            transport.MaxIdleSessionCount = options.MaxIdleSessions;
#pragma warning restore MCP9006

            // Experimental in the SDK (MCPEXP002): the one hook that sees a session both start and end.
#pragma warning disable MCPEXP002
            transport.RunSessionHandler = tracker.RunAsync;
#pragma warning restore MCPEXP002
        });
        return builder.WithHttpTransport();
    }
}
