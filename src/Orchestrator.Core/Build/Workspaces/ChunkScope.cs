namespace Orchestrator.Core.Build.Workspaces;

/// <summary>Whether a changed path belongs to a chunk's declared files (a file, or a folder given with a trailing '/').</summary>
public static class ChunkScope
{
    /// <summary>The paths of <paramref name="changed"/> that none of <paramref name="declared"/> covers.</summary>
    public static IReadOnlyList<string> OutOfScope(IEnumerable<string> changed, IReadOnlyList<string> declared)
    {
        var owned = declared.Select(Normalize).Where(p => p.Length > 0).ToList();
        return changed.Where(path => !Covers(owned, Normalize(path))).ToList();
    }

    private static bool Covers(List<string> owned, string path) =>
        owned.Any(entry => path == entry
            || (entry.EndsWith('/') && path.StartsWith(entry, StringComparison.Ordinal))
            || path.StartsWith(entry + "/", StringComparison.Ordinal));

    private static string Normalize(string path)
    {
        var normalized = path.Replace('\\', '/').Trim();
        while (normalized.StartsWith("./", StringComparison.Ordinal))
        {
            normalized = normalized[2..];
        }

        return normalized;
    }
}
