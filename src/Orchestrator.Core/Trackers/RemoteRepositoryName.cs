namespace Orchestrator.Core.Trackers;

/// <summary>
/// The <c>owner/name</c> a git remote URL points at, so a GitHub or Gitea tracker works without
/// <c>tracker.repository</c> when the repository's <c>origin</c> already says it.
/// </summary>
public static class RemoteRepositoryName
{
    /// <summary>
    /// <c>owner/name</c> from <c>https://host/owner/name(.git)</c>, <c>ssh://git@host/owner/name.git</c> or
    /// <c>git@host:owner/name.git</c>; null for anything else (a local path, a deeper path, no URL).
    /// </summary>
    public static string? FromRemoteUrl(string? remoteUrl)
    {
        var url = remoteUrl?.Trim();
        if (string.IsNullOrEmpty(url))
        {
            return null;
        }

        string path;
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" or "ssh" or "git")
        {
            path = uri.AbsolutePath;
        }
        else if (url.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 && !url.Contains("://", StringComparison.Ordinal)
                 && !url.StartsWith('/') && !url[..colon].Contains('/', StringComparison.Ordinal))
        {
            // scp-like syntax: [user@]host:owner/name.git
            path = url[(colon + 1)..];
        }
        else
        {
            return null;
        }

        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
        {
            return null;
        }

        var name = parts[1].EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? parts[1][..^4] : parts[1];
        return name.Length == 0 ? null : $"{Uri.UnescapeDataString(parts[0])}/{Uri.UnescapeDataString(name)}";
    }
}
