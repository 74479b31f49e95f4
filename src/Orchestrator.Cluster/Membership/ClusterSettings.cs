using System.Net;

namespace Orchestrator.Cluster.Membership;

/// <summary>How a process joins the cluster: where membership lives, the shared secret, and where it listens.</summary>
/// <param name="Membership">The membership store, <c>redis://[:password@]host:port</c>.</param>
/// <param name="Secret">The shared cluster secret (never logged).</param>
/// <param name="Listen">Where a worker's silo and gateway listen (loopback unless told otherwise).</param>
/// <param name="Advertise">The address other processes reach it at (default: <paramref name="Listen"/>, or loopback when that is "any").</param>
/// <param name="SiloPort">Silo-to-silo port (0: a free one).</param>
/// <param name="GatewayPort">Client gateway port (0: a free one).</param>
public sealed record ClusterSettings(string Membership, string Secret, IPAddress Listen, IPAddress? Advertise, int SiloPort, int GatewayPort)
{
    /// <summary>A coordinator's settings: it listens nowhere (it is a client of the workers' gateways).</summary>
    public static ClusterSettings Client(string membership, string secret) => new(membership, secret, IPAddress.Loopback, null, 0, 0);
}
