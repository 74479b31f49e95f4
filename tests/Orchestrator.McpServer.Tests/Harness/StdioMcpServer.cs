using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Orchestrator.McpServer.Tests.Harness;

/// <summary>The built server as a child process, spoken to over stdio by the SDK's real client.</summary>
internal static class StdioMcpServer
{
    public static Task<McpClient> ConnectAsync(string protocolVersion, string projectDirectory, CancellationToken cancellationToken)
    {
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "orchestrator",
            Command = ServerExecutable.Command,
            Arguments = [.. ServerExecutable.CommandPrefix, "--project", projectDirectory, "--log-dir", Path.Combine(Path.GetTempPath(), "orch-test-logs")],
            WorkingDirectory = projectDirectory,
            ShutdownTimeout = TimeSpan.FromSeconds(10),
        });
        return McpClient.CreateAsync(transport, new McpClientOptions
        {
            ProtocolVersion = protocolVersion,
            ClientInfo = new Implementation { Name = "orchestrator-stdio-tests", Version = "1.0" },
            InitializationTimeout = TimeSpan.FromSeconds(60),
            // The 2026-07-28 client takes a server/discover probe without an answer in time as "this server needs
            // initialize"; a server process still starting on a loaded machine must not be mistaken for that.
            DiscoverProbeTimeout = TimeSpan.FromSeconds(45),
        }, cancellationToken: cancellationToken);
    }
}
