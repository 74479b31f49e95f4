using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace Orchestrator.McpServer.Hosting;

/// <summary>The default transport: MCP over this process's stdin/stdout.</summary>
internal static class StdioServer
{
    public static async Task<int> RunAsync(ServerSettings settings, CancellationToken cancellationToken)
    {
        // On stdio, stdout is the MCP channel: anything else written there would corrupt it, so stray Console.Write
        // calls go to stderr. The transport writes to the raw stdout stream, which this does not affect.
        Console.SetOut(Console.Error);

        // An empty builder: no appsettings, no environment-driven config and, above all, no file watcher on the
        // content root (the default host watches it recursively, which is slow when started from a big folder).
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = "Orchestrator.McpServer",
        });
        builder.Services.AddSerilog(ServerLogging.Create(settings), dispose: true);
        builder.Services.AddOrchestratorMcpServer(settings).WithStdioServerTransport();
        using var host = builder.Build();
        StartupBanner.WriteStdio(settings, Console.Error);
        await host.RunAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
