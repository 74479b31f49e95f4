using System.Globalization;
using Orchestrator.Core.Common;
using StackExchange.Redis;

namespace Orchestrator.Cluster.Membership;

/// <summary>
/// Reads a membership URL: <c>redis://[user][:password]@host[:port][/db]</c> or <c>rediss://</c> (TLS). The password
/// goes to Redis AUTH and is left out of every message.
/// </summary>
public static class RedisUrl
{
    /// <summary>Parses <paramref name="url"/> into StackExchange.Redis options; an unusable URL is an invalid argument.</summary>
    public static Outcome<ConfigurationOptions> Parse(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("redis" or "rediss") || uri.Host.Length == 0)
        {
            return Outcome<ConfigurationOptions>.Failure(ErrorCode.InvalidArgument,
                $"cluster membership \"{Redact(url)}\" is not a Redis URL; write redis://host:port (e.g. redis://127.0.0.1:6379).");
        }

        var options = new ConfigurationOptions
        {
            AbortOnConnectFail = false,
            Ssl = uri.Scheme == "rediss",
            ConnectTimeout = 5000,
        };
        options.EndPoints.Add(uri.Host, uri.IsDefaultPort ? 6379 : uri.Port);
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            if (parts[0].Length > 0)
            {
                options.User = Uri.UnescapeDataString(parts[0]);
            }

            if (parts.Length == 2)
            {
                options.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0 && int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out var database))
        {
            options.DefaultDatabase = database;
        }

        return Outcome<ConfigurationOptions>.Success(options);
    }

    /// <summary><paramref name="url"/> without its user and password, for messages and logs.</summary>
    public static string Redact(string? url) =>
        url is not null && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? url.Trim().Replace(uri.UserInfo + "@", "***@", StringComparison.Ordinal)
            : url ?? "";
}
