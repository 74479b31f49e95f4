using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Cluster.Membership;

/// <summary>
/// The Orleans cluster id is derived from the shared secret, so a process with another secret registers under another
/// membership key and is never seen by, nor connects to, the right cluster (Orleans refuses connections whose preamble
/// names another cluster). This keeps mistakes apart; it is not an access control against someone who can write to Redis.
/// </summary>
public static class ClusterIdentity
{
    /// <summary>The service id every orchestrator cluster shares (the Redis key prefix).</summary>
    public const string ServiceId = "orchestrator-mcp";

    /// <summary>The cluster id for <paramref name="secret"/>: <c>so-</c> and 16 hex digits of its SHA-256.</summary>
    public static string ClusterId(string secret)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("orchestrator-mcp cluster id\n" + secret));
        return "so-" + Convert.ToHexStringLower(hash)[..16];
    }
}
