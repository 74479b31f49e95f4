using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Orchestrator.McpServer.Hosting.Http;

/// <summary>A started HTTP server: where it listens, and stopping it.</summary>
internal sealed partial class RunningHttpServer(WebApplication app, IReadOnlyList<Uri> addresses) : IAsyncDisposable
{
    /// <summary>The bound addresses (a port 0 request shows its real port here).</summary>
    public IReadOnlyList<Uri> Addresses { get; } = addresses;

    public IServiceProvider Services => app.Services;

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await app.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        await app.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving MCP (Streamable HTTP) at {McpUrl} and the dashboard at {DashboardUrl} (token required: {TokenRequired})")]
    internal static partial void LogListening(ILogger logger, string mcpUrl, string dashboardUrl, bool tokenRequired);
}
