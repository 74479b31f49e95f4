namespace Orchestrator.McpServer.Hosting.Http;

/// <summary>
/// The MCP revisions the HTTP endpoint serves. Revision 2026-07-28 has no HTTP sessions and no initialize; this
/// endpoint is session-based (elicitation for gates, roots, progress on the GET stream), so it refuses that revision
/// with -32022 and the list below, and the client falls back to the initialize handshake on the newest of them.
/// </summary>
internal static class HttpProtocolVersions
{
    public const string HeaderName = "MCP-Protocol-Version";

    public const string SessionHeaderName = "Mcp-Session-Id";

    /// <summary>JSON-RPC error code of an unsupported protocol version (SEP-2575).</summary>
    public const int UnsupportedProtocolVersionCode = -32022;

    public static IReadOnlyList<string> SessionVersions { get; } = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];

    public static bool IsSessionVersion(string version) => SessionVersions.Contains(version, StringComparer.Ordinal);
}
