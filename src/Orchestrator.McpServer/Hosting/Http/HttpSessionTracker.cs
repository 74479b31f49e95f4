using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Orchestrator.McpServer.Hosting.Http;

/// <summary>
/// Runs each MCP server the SDK starts for <c>/mcp</c> and keeps count of the open sessions (those with an
/// <c>Mcp-Session-Id</c>), logging when one starts and ends. A stateless 2026-07-28 request also runs a server
/// here, for that request only; it is no session and is not counted.
/// </summary>
internal sealed partial class HttpSessionTracker(ILogger<HttpSessionTracker> logger)
{
    private int _open;

    /// <summary>Sessions whose server is still running (ended by DELETE, idle expiry, eviction or shutdown).</summary>
    public int OpenSessions => Volatile.Read(ref _open);

    public async Task RunAsync(HttpContext context, McpServerInstance server, CancellationToken sessionClosed)
    {
        if (server.SessionId is not { } sessionId)
        {
            await server.RunAsync(sessionClosed).ConfigureAwait(false);
            return;
        }

        Interlocked.Increment(ref _open);
        LogStarted(sessionId, context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        try
        {
            await server.RunAsync(sessionClosed).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _open);
            LogEnded(sessionId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP HTTP session {SessionId} started from {RemoteAddress}")]
    private partial void LogStarted(string sessionId, string remoteAddress);

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP HTTP session {SessionId} ended")]
    private partial void LogEnded(string sessionId);
}
