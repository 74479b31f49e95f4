using System.Net;

namespace Orchestrator.McpServer.Hosting.Http;

/// <summary>One parsed <c>--urls</c> entry: the address to listen on and whether it stays on this machine.</summary>
internal sealed record HttpBinding(string Url, string Host, IPAddress? Address, int Port)
{
    /// <summary>True when only this machine can connect (127.0.0.0/8, ::1, localhost).</summary>
    public bool IsLoopback => Address is null ? IsLoopbackName(Host) : IPAddress.IsLoopback(Address);

    public static bool IsLoopbackName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    /// <summary>The one line shown when another program already listens on this address.</summary>
    public string InUseMessage() =>
        $"{Url} is already in use (another program, perhaps another orchestrator-mcp --http, listens on port {Port}). " +
        $"Stop it, or pick another port: --urls http://{Host}:<port> (port 0 picks a free one).";

    /// <summary>Parses <c>http://host:port</c>; a wildcard host (<c>*</c>, <c>+</c>, <c>0.0.0.0</c>, <c>[::]</c>) listens everywhere.</summary>
    public static bool TryParse(string url, out HttpBinding binding, out string error)
    {
        binding = null!;
        var text = url.Trim();
        const string Scheme = "http://";
        if (!text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            error = $"--urls '{url}' is not supported: only http://host:port (the server speaks plain HTTP; put a TLS proxy in front for https).";
            return false;
        }

        var authority = text[Scheme.Length..].TrimEnd('/');
        if (authority.Contains('/', StringComparison.Ordinal))
        {
            error = $"--urls '{url}' has a path; give only http://host:port (MCP is served at /mcp, the dashboard at /).";
            return false;
        }

        var colon = authority.LastIndexOf(':');
        if (colon <= 0 || authority.EndsWith(']') || !int.TryParse(authority[(colon + 1)..], out var port) || port is < 0 or > 65535)
        {
            error = $"--urls '{url}' has no valid port; write it like http://127.0.0.1:7777 (port 0 picks a free one).";
            return false;
        }

        var host = authority[..colon];
        IPAddress? address = host switch
        {
            "*" or "+" => IPAddress.IPv6Any,
            "localhost" => null,
            _ => IPAddress.TryParse(host.Trim('[', ']'), out var parsed) ? parsed : null,
        };
        if (address is null && !host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            error = $"--urls '{url}': use an IP address, localhost or * as the host (host names other than localhost are not resolved).";
            return false;
        }

        binding = new HttpBinding(text, host, address, port);
        error = "";
        return true;
    }
}
