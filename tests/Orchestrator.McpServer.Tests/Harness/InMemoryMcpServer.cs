using System.IO.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Orchestrator.McpServer.Hosting;

namespace Orchestrator.McpServer.Tests.Harness;

/// <summary>
/// The real server (same DI setup as stdio) connected to the SDK's real client over in-memory pipes.
/// </summary>
internal sealed class InMemoryMcpServer : IAsyncDisposable
{
    private readonly IHost host;

    private InMemoryMcpServer(IHost host, McpClient client)
    {
        this.host = host;
        Client = client;
    }

    public McpClient Client { get; }

    /// <summary>The server's services (e.g. to start a build loop on its host-job broker, as build_start does).</summary>
    public IServiceProvider Services => host.Services;

    public static async Task<InMemoryMcpServer> StartAsync(string protocolVersion, string? projectDirectory = null,
        Action<McpClientOptions>? configureClient = null, CancellationToken cancellationToken = default, Action<IServiceCollection>? configureServices = null)
    {
        var clientToServer = new Pipe();
        var serverToClient = new Pipe();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var settings = new ServerSettings(projectDirectory, LogLevel.Warning, Path.Combine(Path.GetTempPath(), "orch-test-logs"));
        builder.Services.AddOrchestratorMcpServer(settings)
            .WithStreamServerTransport(clientToServer.Reader.AsStream(), serverToClient.Writer.AsStream());
        configureServices?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync(cancellationToken);

        var options = new McpClientOptions
        {
            ProtocolVersion = protocolVersion,
            ClientInfo = new Implementation { Name = "orchestrator-tests", Version = "1.0" },
        };
        configureClient?.Invoke(options);
        var client = await McpClient.CreateAsync(
            new StreamClientTransport(clientToServer.Writer.AsStream(), serverToClient.Reader.AsStream()), options, cancellationToken: cancellationToken);
        return new InMemoryMcpServer(host, client);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await host.StopAsync(CancellationToken.None);
        host.Dispose();
    }
}
