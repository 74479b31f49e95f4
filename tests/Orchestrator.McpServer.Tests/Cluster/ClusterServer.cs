using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Orchestrator.McpServer.Tests.Harness;

namespace Orchestrator.McpServer.Tests.Cluster;

/// <summary>The real server as a cluster coordinator in its own process (<c>--cluster</c> and the secret when given), over stdio.</summary>
internal static class ClusterServer
{
    public static Task<McpClient> ConnectAsync(string root, string? membership, string? secret, CancellationToken cancellationToken)
    {
        List<string> arguments = [ServerExecutable.DllPath, "--project", root, "--log-dir", Path.Combine(Path.GetTempPath(), "orch-test-logs")];
        if (membership is not null)
        {
            arguments.AddRange(["--cluster", membership]);
        }

        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "orchestrator",
            Command = "dotnet",
            Arguments = arguments,
            WorkingDirectory = root,
            ShutdownTimeout = TimeSpan.FromSeconds(10),
            EnvironmentVariables = new Dictionary<string, string?> { ["ORCHESTRATOR_CLUSTER_SECRET"] = secret },
        });
        return McpClient.CreateAsync(transport, new McpClientOptions
        {
            ProtocolVersion = "2025-11-25",
            ClientInfo = new Implementation { Name = "orchestrator-cluster-tests", Version = "1.0" },
            InitializationTimeout = TimeSpan.FromSeconds(60),
        }, cancellationToken: cancellationToken);
    }
}
