using System.Net;
using System.Net.Sockets;

namespace Orchestrator.Cluster.Membership;

/// <summary>Picks a free TCP port: Orleans advertises its ports in membership, so it needs them known before it listens.</summary>
public static class FreePort
{
    /// <summary>A port free on <paramref name="address"/> right now (another process may take it before we bind: rare, and start-up then fails loudly).</summary>
    public static int On(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
