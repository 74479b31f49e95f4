using System.Globalization;
using System.Security.Cryptography;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Sessions;

/// <summary>Session ids: readable, sortable by start time, and safe to use as a folder name.</summary>
public static class SessionIds
{
    public static string New(DateTimeOffset now, string slug)
    {
        var shortSlug = string.Join('-', slug.Split('-').Take(3));
        var suffix = Convert.ToHexString(RandomNumberGenerator.GetBytes(2)).ToLowerInvariant();
        return $"{now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{shortSlug}-{suffix}";
    }

    /// <summary>True for ids of the one safe shape (<see cref="SafeIds"/>); anything else (paths, "..") never reaches the file system.</summary>
    public static bool IsWellFormed(string? id) => SafeIds.IsValid(id);
}
