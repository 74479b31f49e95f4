using ModelContextProtocol.Server;

namespace Orchestrator.McpServer.Hosting.Http;

/// <summary>
/// One Streamable HTTP session: the SDK transport, the MCP server reading from it, and when it was last used.
/// A request in flight (including an open GET stream) keeps the session alive; idle time counts from its end.
/// </summary>
internal sealed class HttpMcpSession : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeProvider _time;
    private int _activeRequests;
    private int _getStreamOpen;
    private long _lastActivityTicks;
    private int _disposed;

    public HttpMcpSession(string id, StreamableHttpServerTransport transport, McpServerInstance server, TimeProvider time)
    {
        Id = id;
        Transport = transport;
        Server = server;
        _time = time;
        Touch();
        RunTask = server.RunAsync(_stopping.Token);
    }

    public string Id { get; }

    public StreamableHttpServerTransport Transport { get; }

    public McpServerInstance Server { get; }

    /// <summary>The server's message loop; ends when the session is disposed.</summary>
    public Task RunTask { get; }

    public DateTimeOffset LastActivity => new(Interlocked.Read(ref _lastActivityTicks), TimeSpan.Zero);

    public bool IsDisposed => Volatile.Read(ref _disposed) == 1;

    /// <summary>Marks a request as in flight until the returned lease is disposed.</summary>
    public RequestLease BeginRequest()
    {
        Interlocked.Increment(ref _activeRequests);
        Touch();
        return new RequestLease(this);
    }

    /// <summary>Only one standalone GET stream per session (the transport has one unsolicited channel).</summary>
    public bool TryOpenGetStream() => Interlocked.Exchange(ref _getStreamOpen, 1) == 0;

    public bool IsExpired(DateTimeOffset now, TimeSpan idleTimeout) =>
        Volatile.Read(ref _activeRequests) == 0 && now - LastActivity > idleTimeout;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await Transport.DisposeAsync().ConfigureAwait(false);
        try
        {
            await RunTask.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loop ends by cancellation: that is the normal way out.
        }

        await Server.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private void Touch() => Interlocked.Exchange(ref _lastActivityTicks, _time.GetUtcNow().UtcTicks);

    private void EndRequest()
    {
        Touch();
        Interlocked.Decrement(ref _activeRequests);
    }

    /// <summary>Ends the request's hold on the session.</summary>
    public readonly struct RequestLease(HttpMcpSession session) : IDisposable
    {
        public void Dispose() => session.EndRequest();
    }
}
