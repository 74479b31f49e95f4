using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Orchestrator.McpServer.Hosting.Http;

/// <summary>
/// Holds each client to its share of the MCP sessions (<see cref="HttpSessionShares"/>): sees every <c>/mcp</c>
/// request, reads who opens a session from the initialize request, closes that client's own least recently used idle
/// session when it is at its share, and answers 429 when all of its sessions are busy. Runs after the access policy.
/// </summary>
internal sealed partial class HttpSessionShareMiddleware(HttpSessionShares shares, HttpSessionCloser closer, HttpServerOptions options,
    ILogger<HttpSessionShareMiddleware> logger)
{
    private const string SessionHeader = "Mcp-Session-Id";

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.StartsWithSegments("/mcp", StringComparison.OrdinalIgnoreCase))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var sessionId = context.Request.Headers[SessionHeader].ToString();
        if (!string.IsNullOrEmpty(sessionId))
        {
            await ForwardInSessionAsync(context, next, sessionId).ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method) || await ReadInitializeAsync(context).ConfigureAwait(false) is not { } client)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var decision = shares.Reserve(client);
        if (!decision.Admitted)
        {
            LogRefused(client.Key, decision.Held);
            await HttpAccessPolicy.RefuseAsync(context, StatusCodes.Status429TooManyRequests,
                $"Too many MCP sessions: {client} already holds {decision.Held} with a request in flight, its share of the " +
                $"{options.MaxIdleSessions} this server keeps ({options.MaxSessionsPerClient} per client, --max-sessions-per-client). " +
                "Reuse one of them, or end one (DELETE /mcp with its Mcp-Session-Id) and try again.").ConfigureAwait(false);
            return;
        }

        if (decision.Evict is { } oldest)
        {
            LogEvicted(oldest, client.Key, options.MaxSessionsPerClient);
            await closer.CloseAsync(oldest).ConfigureAwait(false);
        }

        var opened = false;
        context.Response.OnStarting(() =>
        {
            if (context.Response.StatusCode == StatusCodes.Status200OK && context.Response.Headers[SessionHeader].ToString() is { Length: > 0 } id)
            {
                shares.Opened(client, id);
                opened = true;
            }

            return Task.CompletedTask;
        });
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            if (!opened)
            {
                shares.Abandoned(client);
            }
        }
    }

    private async Task ForwardInSessionAsync(HttpContext context, RequestDelegate next, string sessionId)
    {
        var standing = HttpMethods.IsGet(context.Request.Method);
        shares.RequestStarted(sessionId, standing);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            shares.RequestEnded(sessionId, standing);
            if (HttpMethods.IsDelete(context.Request.Method) || context.Response.StatusCode == StatusCodes.Status404NotFound)
            {
                shares.Ended(sessionId);
            }
        }
    }

    /// <summary>Who opens a session, when the request is an initialize; the body stays readable for the SDK.</summary>
    private static async Task<HttpClientIdentity?> ReadInitializeAsync(HttpContext context)
    {
        context.Request.EnableBuffering();
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        context.Request.Body.Position = 0;
        return HttpClientIdentity.TryReadInitialize(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), out var name)
            ? HttpClientIdentity.From(context.Connection.RemoteIpAddress, name)
            : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closing MCP HTTP session {SessionId}: {Client} opened another beyond its share of {Share}")]
    private partial void LogEvicted(string sessionId, string client, int share);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a new MCP HTTP session: {Client} holds {Held} busy sessions, its share")]
    private partial void LogRefused(string client, int held);
}
