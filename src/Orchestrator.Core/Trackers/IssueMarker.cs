using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Core.Trackers;

/// <summary>
/// The hidden marker that keeps close from filing the same issue twice: a hash of what identifies the work, written
/// into the body as an HTML comment and searched for before filing.
/// </summary>
public static class IssueMarker
{
    /// <summary>The marker token for <paramref name="kind"/> (e.g. "carryover") and the parts that identify the work.</summary>
    public static string For(string kind, params IEnumerable<string> parts)
    {
        var text = string.Join('\n', parts.Select(p => p.Trim()));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
        return $"orchestrator-{kind}-{hash}";
    }

    /// <summary>The marker as it appears in an issue body (invisible when rendered).</summary>
    public static string Comment(string marker) => $"<!-- {marker} -->";
}
