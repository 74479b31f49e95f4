using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Testing.FakeModelApis;

/// <summary>
/// Kestrel on 127.0.0.1 with an ephemeral port, one catch-all handler and a thread-safe request log.
/// Shared by the fake APIs so each of them only knows its provider's wire format.
/// </summary>
internal sealed class FakeApiHost : IAsyncDisposable
{
    private readonly Func<HttpContext, JsonNode?, CancellationToken, Task> _handler;
    private readonly ConcurrentQueue<FakeApiRequest> _requests = new();
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;
    private Uri? _baseUrl;

    public FakeApiHost(Func<HttpContext, JsonNode?, CancellationToken, Task> handler) => _handler = handler;

    public Uri BaseUrl => _baseUrl ?? throw new InvalidOperationException("Call StartAsync first.");

    public IReadOnlyList<FakeApiRequest> Requests => [.. _requests];

    public void Record(FakeApiRequest request) => _requests.Enqueue(request);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            throw new InvalidOperationException("The fake API is already started.");
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        // Only loopback with a port the OS picks, so parallel tests never collide and nothing is reachable from outside.
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.Single()
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        _baseUrl = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        _app = app;
    }

    public async ValueTask DisposeAsync()
    {
        // Releases hanging turns first: Kestrel's graceful stop would otherwise wait for them.
        await _stopping.CancelAsync();
        if (_app is not null)
        {
            using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(stopTimeout.Token);
            await _app.DisposeAsync();
        }

        _stopping.Dispose();
    }

    public static IReadOnlyDictionary<string, string> HeadersOf(HttpRequest request) =>
        request.Headers.ToDictionary(header => header.Key.ToLowerInvariant(), header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase);

    private async Task HandleAsync(HttpContext context)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        JsonNode? body = null;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            using var reader = new StreamReader(context.Request.Body);
            var text = await reader.ReadToEndAsync(linked.Token);
            try
            {
                body = text.Length == 0 ? null : JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                body = JsonValue.Create(text);
            }
        }

        try
        {
            await _handler(context, body, linked.Token);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            // The client went away or the fake is shutting down (a hang turn ends here): nothing left to answer.
        }
    }
}
