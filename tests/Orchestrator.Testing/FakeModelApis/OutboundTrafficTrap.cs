using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Orchestrator.Testing.FakeModelApis;

/// <summary>
/// A loopback "proxy" that refuses everything and remembers who asked. <see cref="FakeAgentEnvironment"/> points
/// <c>HTTPS_PROXY</c>/<c>HTTP_PROXY</c>/<c>ALL_PROXY</c> here (with <c>NO_PROXY</c> exempting loopback), so any request
/// a CLI tries to send to a host other than the fake API lands here and a test can assert <see cref="Attempts"/> is empty.
/// This catches clients that honour proxy variables (Claude's and Codex's HTTP stacks both do); the sandbox has no
/// route to the internet anyway, so the trap is about noticing, not preventing.
/// </summary>
public sealed class OutboundTrafficTrap : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentQueue<string> _attempts = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task _acceptLoop = Task.CompletedTask;

    /// <summary><c>http://127.0.0.1:PORT</c>, the value for the proxy variables.</summary>
    public Uri ProxyUrl { get; private set; } = new("http://127.0.0.1:0");

    /// <summary>The first request line of every connection, e.g. <c>CONNECT statsig.anthropic.com:443 HTTP/1.1</c>.</summary>
    public IReadOnlyList<string> Attempts => [.. _attempts];

    public void Start()
    {
        _listener.Start();
        ProxyUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _acceptLoop = AcceptAsync(_stopping.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(cancellationToken);
            _ = RefuseAsync(client, cancellationToken);
        }
    }

    private async Task RefuseAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using (client)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                var stream = client.GetStream();
                var buffer = new byte[4096];
                var read = await stream.ReadAsync(buffer, timeout.Token);
                var text = Encoding.ASCII.GetString(buffer, 0, read);
                var newline = text.IndexOf('\n', StringComparison.Ordinal);
                _attempts.Enqueue((newline >= 0 ? text[..newline] : text).TrimEnd('\r'));
                await stream.WriteAsync("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), timeout.Token);
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
            {
                _attempts.Enqueue("(connection without a readable request line)");
            }
        }
    }
}
