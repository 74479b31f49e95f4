using System.Net;

namespace Orchestrator.McpServer.Hosting.Cluster;

/// <summary>The <c>worker</c> subcommand's options.</summary>
internal sealed record WorkerCommandLine(
    string Membership,
    int MaxAgents,
    IReadOnlyDictionary<string, string> Labels,
    string SecretEnv,
    string? Name,
    IPAddress Listen,
    IPAddress? Advertise,
    int SiloPort,
    int GatewayPort,
    string? WorkDirectory);
