using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Orchestrator.Core.Sessions;

/// <summary>Session ids: readable, sortable by start time, and safe to use as a folder name.</summary>
public static partial class SessionIds
{
    public static string New(DateTimeOffset now, string slug)
    {
        var shortSlug = string.Join('-', slug.Split('-').Take(3));
        var suffix = Convert.ToHexString(RandomNumberGenerator.GetBytes(2)).ToLowerInvariant();
        return $"{now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{shortSlug}-{suffix}";
    }

    /// <summary>True for ids this server could have made; anything else (paths, "..") never reaches the file system.</summary>
    public static bool IsWellFormed(string? id) => id is not null && Shape().IsMatch(id);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,95}$")]
    private static partial Regex Shape();
}
