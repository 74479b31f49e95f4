using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Orchestrator.McpServer.Hosting.Http;

/// <summary>
/// The open Streamable HTTP sessions by <c>Mcp-Session-Id</c>. An idle session is ended by the sweeper and, so the
/// answer never depends on the sweeper's timing, also when a request finds it past its idle time.
/// </summary>
internal sealed partial class HttpMcpSessionRegistry(HttpServerOptions options, ILogger<HttpMcpSessionRegistry> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, HttpMcpSession> _sessions = new(StringComparer.Ordinal);

    public int Count => _sessions.Count;

    public TimeProvider Time => options.Time;

    public bool TryAdd(HttpMcpSession session)
    {
        if (_sessions.Count >= options.MaxSessions)
        {
            return false;
        }

        return _sessions.TryAdd(session.Id, session);
    }

    /// <summary>The live session with this id; an expired one is ended here and reported as missing.</summary>
    public async Task<HttpMcpSession?> FindAsync(string id)
    {
        if (!_sessions.TryGetValue(id, out var session))
        {
            return null;
        }

        if (session.IsExpired(options.Time.GetUtcNow(), options.IdleTimeout))
        {
            await EndAsync(id, "idle").ConfigureAwait(false);
            return null;
        }

        return session;
    }

    /// <summary>Ends and forgets a session; false when there was none.</summary>
    public async Task<bool> EndAsync(string id, string reason)
    {
        if (!_sessions.TryRemove(id, out var session))
        {
            return false;
        }

        LogSessionEnded(id, reason);
        await session.DisposeAsync().ConfigureAwait(false);
        return true;
    }

    /// <summary>Ends every session idle for longer than the timeout; returns how many.</summary>
    public async Task<int> SweepAsync()
    {
        var now = options.Time.GetUtcNow();
        var ended = 0;
        foreach (var (id, session) in _sessions)
        {
            if (session.IsExpired(now, options.IdleTimeout) && await EndAsync(id, "idle").ConfigureAwait(false))
            {
                ended++;
            }
        }

        return ended;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _sessions.Keys)
        {
            await EndAsync(id, "server stopping").ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP HTTP session {SessionId} ended ({Reason})")]
    private partial void LogSessionEnded(string sessionId, string reason);
}
