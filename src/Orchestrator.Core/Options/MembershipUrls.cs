namespace Orchestrator.Core.Options;

/// <summary>Membership URLs (<c>redis://[user][:password]@host[:port][/db]</c>) as a run records them: never with credentials.</summary>
public static class MembershipUrls
{
    /// <summary><paramref name="url"/> without its user and password (kept as given when it has none or is not a URL).</summary>
    public static string WithoutCredentials(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return HasCredentials(url) && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
            ? url.Trim().Replace(uri.UserInfo + "@", "", StringComparison.Ordinal)
            : url;
    }

    /// <summary>Whether <paramref name="url"/> carries a user or password.</summary>
    public static bool HasCredentials(string url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0;

    /// <summary>Whether two URLs name the same store (scheme, host, port, database), whatever their credentials.</summary>
    public static bool SameStore(string first, string second) =>
        Uri.TryCreate(first?.Trim(), UriKind.Absolute, out var a) && Uri.TryCreate(second?.Trim(), UriKind.Absolute, out var b)
            ? string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase) && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase)
                && a.Port == b.Port && a.AbsolutePath.Trim('/') == b.AbsolutePath.Trim('/')
            : string.Equals(first, second, StringComparison.Ordinal);
}
