namespace Orchestrator.Cluster.Coordinator;

/// <summary>Keeps credentials in git remote URLs (<c>https://user:token@host/...</c>) out of messages and logs.</summary>
public static class GitUrls
{
    /// <summary><paramref name="url"/> with its user information replaced by <c>***</c>.</summary>
    public static string Redact(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0 && !uri.IsFile
            ? url.Replace(uri.UserInfo + "@", "***@", StringComparison.Ordinal)
            : url;
    }

    /// <summary><paramref name="text"/> (a git error) with every occurrence of <paramref name="url"/>'s credentials redacted.</summary>
    public static string RedactIn(string text, string url)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.UserInfo.Length == 0 || uri.IsFile)
        {
            return text;
        }

        var redacted = text.Replace(url, Redact(url), StringComparison.Ordinal).Replace(uri.UserInfo, "***", StringComparison.Ordinal);
        return uri.UserInfo.Split(':', 2) is [_, { Length: > 0 } password] ? redacted.Replace(password, "***", StringComparison.Ordinal) : redacted;
    }
}
