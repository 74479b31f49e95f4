using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Orchestrator.McpServer.Hosting.Http;

/// <summary>
/// Who may talk to the HTTP server. A browser page from another site must not drive it (DNS rebinding, cross-site
/// requests): a foreign <c>Origin</c> gets 403 and, while bound to loopback only, so does a non-loopback <c>Host</c>.
/// When a token is configured, <c>/mcp</c> and <c>/api</c> need <c>Authorization: Bearer &lt;token&gt;</c> (401
/// otherwise), compared in constant time. The static dashboard files carry no data and need no token.
/// </summary>
internal sealed partial class HttpAccessPolicy
{
    /// <summary>JSON-RPC's implementation-defined server error, which the SDK also answers for refusals at the HTTP layer.</summary>
    private const int ServerErrorCode = -32000;

    private static readonly JsonTypeInfo<JsonRpcError> ErrorTypeInfo =
        (JsonTypeInfo<JsonRpcError>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcError));

    private readonly byte[]? _tokenHash;
    private readonly bool _loopbackOnly;
    private readonly ILogger<HttpAccessPolicy> _logger;

    public HttpAccessPolicy(string? token, bool loopbackOnly, ILogger<HttpAccessPolicy> logger)
    {
        _tokenHash = string.IsNullOrEmpty(token) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token));
        _loopbackOnly = loopbackOnly;
        _logger = logger;
    }

    public bool RequiresToken => _tokenHash is not null;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var host = context.Request.Host.Host;
        if (_loopbackOnly && !HttpBinding.IsLoopbackName(host))
        {
            LogRefused(context.Request.Path, "host", host);
            await RefuseAsync(context, StatusCodes.Status403Forbidden,
                $"Host '{host}' is not allowed: this server listens on loopback only; use http://127.0.0.1 or http://localhost.").ConfigureAwait(false);
            return;
        }

        var origin = context.Request.Headers.Origin.ToString();
        if (!string.IsNullOrEmpty(origin) && !IsAllowedOrigin(origin, context.Request))
        {
            LogRefused(context.Request.Path, "origin", origin);
            await RefuseAsync(context, StatusCodes.Status403Forbidden,
                $"Origin '{origin}' is not allowed: only pages served by this server or by a loopback address may call it.").ConfigureAwait(false);
            return;
        }

        if (_tokenHash is not null && NeedsToken(context.Request.Path) && !HasValidToken(context.Request))
        {
            // The presented value is never logged: a wrong token is often a real one from elsewhere.
            LogRefused(context.Request.Path, "token", "missing or wrong");
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await RefuseAsync(context, StatusCodes.Status401Unauthorized,
                "Unauthorized: send Authorization: Bearer <token> (the server's --token or ORCHESTRATOR_TOKEN).").ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private static bool NeedsToken(PathString path) =>
        path.StartsWithSegments("/mcp", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    private static bool IsAllowedOrigin(string origin, HttpRequest request)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            // "null" (sandboxed frames, file://) and anything unparsable.
            return false;
        }

        if (HttpBinding.IsLoopbackName(uri.Host))
        {
            return true;
        }

        // The dashboard itself when reached on a LAN address (the Host check above already ran for loopback-only).
        return string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase);
    }

    private bool HasValidToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string Prefix = "Bearer ";
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Hashing first makes the comparison constant-time regardless of the presented length.
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[Prefix.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, _tokenHash);
    }

    private static async Task RefuseAsync(HttpContext context, int statusCode, string message)
    {
        if (context.Request.Path.StartsWithSegments("/mcp", StringComparison.OrdinalIgnoreCase))
        {
            // A JSON-RPC error body, as the SDK's own refusals are, so an MCP client can show the reason.
            var error = new JsonRpcError { Id = default, Error = new JsonRpcErrorDetail { Code = ServerErrorCode, Message = message } };
            context.Response.StatusCode = statusCode;
            await context.Response.WriteAsJsonAsync(error, ErrorTypeInfo, contentType: null, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message, context.RequestAborted).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Path}: {Check} ({Value})")]
    private partial void LogRefused(string path, string check, string value);
}
