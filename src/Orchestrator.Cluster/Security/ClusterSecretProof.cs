using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Cluster.Security;

/// <summary>
/// What a caller sends to show it holds the cluster secret: an HMAC of a fixed label under the secret, so the secret
/// itself never travels. (Without TLS the proof can be replayed by someone who can read the traffic: see the README.)
/// </summary>
public static class ClusterSecretProof
{
    /// <summary>The proof for <paramref name="secret"/>.</summary>
    public static string For(string secret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), "orchestrator-mcp worker call"u8));

    /// <summary>True when <paramref name="presented"/> is the proof for <paramref name="secret"/> (constant-time compare).</summary>
    public static bool Matches(string secret, string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(For(secret)), Encoding.UTF8.GetBytes(presented));
}
