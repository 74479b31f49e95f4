using Microsoft.Extensions.Hosting;

namespace Orchestrator.McpServer.Hosting.Http;

/// <summary>Frees idle sessions in the background so an abandoned client does not hold its server forever.</summary>
internal sealed class HttpSessionSweeper(HttpMcpSessionRegistry registry, HttpServerOptions options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A quarter of the idle time (bounded) keeps an expired session's lifetime within 125% of the timeout.
        var period = TimeSpan.FromTicks(Math.Clamp(options.IdleTimeout.Ticks / 4, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromMinutes(1).Ticks));
        using var timer = new PeriodicTimer(period, TimeProvider.System);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await registry.SweepAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }
}
