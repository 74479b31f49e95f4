using System.Net;
using System.Text.Json;

namespace Orchestrator.McpServer.Hosting.Http;

/// <summary>
/// Who holds an MCP session, for the per-client share of the session cap. From another machine it is the remote
/// address alone: the name a client gives itself is free to change, a new address is not. On loopback every client
/// is 127.0.0.1, so the name in the initialize request's <c>clientInfo</c> is the only thing that tells Claude Code,
/// Cursor and the Inspector apart; a local process could lie about it, but a local process of the same user can
/// already read the token and the repository, so the share guards against runaway clients, not against the user.
/// Neither the bearer token (one secret shared by every client) nor the remote port (new for every connection) is
/// part of it: neither tells clients apart at any cost.
/// </summary>
internal sealed record HttpClientIdentity(string Key)
{
    private const int MaxNameLength = 64;

    /// <summary>How the identity is written in refusals and logs.</summary>
    public override string ToString() => Key;

    public static HttpClientIdentity From(IPAddress? remote, string? clientName)
    {
        if (remote is not null && !IPAddress.IsLoopback(remote))
        {
            return new HttpClientIdentity("address " + (remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote));
        }

        var name = string.IsNullOrWhiteSpace(clientName) ? "(unnamed)" : clientName.Trim();
        return new HttpClientIdentity("local client '" + (name.Length > MaxNameLength ? name[..MaxNameLength] + "..." : name) + "'");
    }

    /// <summary>
    /// The <c>clientInfo.name</c> of a JSON-RPC initialize request, or null when <paramref name="body"/> is not one
    /// (a stateless 2026-07-28 request, a batch, or not JSON at all: the SDK answers those).
    /// </summary>
    public static bool TryReadInitialize(ReadOnlyMemory<byte> body, out string? clientName)
    {
        clientName = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String || method.GetString() != "initialize")
            {
                return false;
            }

            if (root.TryGetProperty("params", out var parameters) && parameters.ValueKind == JsonValueKind.Object
                && parameters.TryGetProperty("clientInfo", out var info) && info.ValueKind == JsonValueKind.Object
                && info.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
            {
                clientName = name.GetString();
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
