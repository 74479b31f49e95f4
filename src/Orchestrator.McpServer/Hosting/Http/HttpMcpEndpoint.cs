using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Orchestrator.McpServer.Hosting.Http;

/// <summary>
/// Streamable HTTP at <c>/mcp</c>, hand-wired over the SDK's <see cref="StreamableHttpServerTransport"/>: POST carries
/// client messages (an <c>initialize</c> without <c>Mcp-Session-Id</c> opens a session), GET is the session's stream
/// of server-initiated messages, DELETE ends it. Every session runs the same MCP server as stdio.
/// </summary>
internal sealed partial class HttpMcpEndpoint(
    IOptions<McpServerOptions> serverOptions,
    HttpMcpSessionRegistry registry,
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggerFactory,
    ILogger<HttpMcpEndpoint> logger)
{
    public async Task PostAsync(HttpContext context)
    {
        var accept = context.Request.GetTypedHeaders().Accept;
        if (!accept.Any(a => a.MatchesMediaType("application/json")) || !accept.Any(a => a.MatchesMediaType("text/event-stream")))
        {
            await HttpJsonRpcErrors.WriteAsync(context, StatusCodes.Status406NotAcceptable, HttpJsonRpcErrors.InvalidRequest,
                "Not Acceptable: send Accept: application/json, text/event-stream (Streamable HTTP).").ConfigureAwait(false);
            return;
        }

        JsonRpcMessage? message;
        try
        {
            message = await JsonSerializer.DeserializeAsync(context.Request.Body,
                (System.Text.Json.Serialization.Metadata.JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage)),
                context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            message = null;
        }

        if (message is null)
        {
            await HttpJsonRpcErrors.WriteAsync(context, StatusCodes.Status400BadRequest, HttpJsonRpcErrors.ParseError,
                "The body is not one JSON-RPC message (batches are not part of Streamable HTTP since 2025-06-18).").ConfigureAwait(false);
            return;
        }

        var requestId = message is JsonRpcRequest request ? request.Id : default;
        if (!await CheckProtocolVersionAsync(context, requestId).ConfigureAwait(false))
        {
            return;
        }

        HttpMcpSession? session;
        var sessionId = context.Request.Headers[HttpProtocolVersions.SessionHeaderName].ToString();
        if (string.IsNullOrEmpty(sessionId))
        {
            if (message is not JsonRpcRequest { Method: RequestMethods.Initialize })
            {
                await HttpJsonRpcErrors.WriteAsync(context, StatusCodes.Status400BadRequest, HttpJsonRpcErrors.InvalidRequest,
                    "No Mcp-Session-Id: a session starts with an initialize request; send the session id it returned with every later request.",
                    requestId).ConfigureAwait(false);
                return;
            }

            session = await StartSessionAsync(context, requestId).ConfigureAwait(false);
            if (session is null)
            {
                return;
            }
        }
        else
        {
            session = await FindSessionAsync(context, sessionId, requestId).ConfigureAwait(false);
            if (session is null)
            {
                return;
            }
        }

        using var lease = session.BeginRequest();
        StartEventStream(context);
        try
        {
            var wrote = await session.Transport.HandlePostRequestAsync(message, context.Response.Body, context.RequestAborted).ConfigureAwait(false);
            if (!wrote && !context.Response.HasStarted)
            {
                // A notification or a response to the server: nothing to stream back.
                context.Response.Headers.ContentType = default;
                context.Response.StatusCode = StatusCodes.Status202Accepted;
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested || session.IsDisposed)
        {
            // The client went away or the session ended mid-request; nothing left to answer.
        }
    }

    public async Task GetAsync(HttpContext context)
    {
        if (!await CheckProtocolVersionAsync(context, default).ConfigureAwait(false))
        {
            return;
        }

        if (!context.Request.GetTypedHeaders().Accept.Any(a => a.MatchesMediaType("text/event-stream")))
        {
            await HttpJsonRpcErrors.WriteAsync(context, StatusCodes.Status406NotAcceptable, HttpJsonRpcErrors.InvalidRequest,
                "Not Acceptable: the GET stream needs Accept: text/event-stream.").ConfigureAwait(false);
            return;
        }

        var session = await RequireSessionAsync(context).ConfigureAwait(false);
        if (session is null)
        {
            return;
        }

        if (!session.TryOpenGetStream())
        {
            await HttpJsonRpcErrors.WriteAsync(context, StatusCodes.Status409Conflict, HttpJsonRpcErrors.InvalidRequest,
                "This session already has its GET stream open; one stream per session.").ConfigureAwait(false);
            return;
        }

        using var lease = session.BeginRequest();
        using var stream = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        StartEventStream(context);
        try
        {
            await session.Transport.HandleGetRequestAsync(context.Response.Body, stream.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stream.IsCancellationRequested)
        {
            // A client closes an SSE stream by disconnecting; shutdown ends it too.
        }
    }

    public async Task DeleteAsync(HttpContext context)
    {
        if (!await CheckProtocolVersionAsync(context, default).ConfigureAwait(false))
        {
            return;
        }

        var sessionId = context.Request.Headers[HttpProtocolVersions.SessionHeaderName].ToString();
        if (string.IsNullOrEmpty(sessionId))
        {
            await HttpJsonRpcErrors.WriteAsync(context, StatusCodes.Status400BadRequest, HttpJsonRpcErrors.InvalidRequest,
                "DELETE needs the Mcp-Session-Id of the session to end.").ConfigureAwait(false);
            return;
        }

        if (!await registry.EndAsync(sessionId, "deleted by the client").ConfigureAwait(false))
        {
            await WriteSessionNotFoundAsync(context, default).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private async Task<HttpMcpSession?> StartSessionAsync(HttpContext context, RequestId requestId)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var transport = new StreamableHttpServerTransport(loggerFactory) { SessionId = id };
        var server = McpServerInstance.Create(transport, serverOptions.Value, loggerFactory, services);
        var session = new HttpMcpSession(id, transport, server, registry.Time);
        if (!registry.TryAdd(session))
        {
            await session.DisposeAsync().ConfigureAwait(false);
            await HttpJsonRpcErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, HttpJsonRpcErrors.ServerError,
                $"Too many open MCP sessions ({registry.Count}). Close unused clients (DELETE /mcp) or wait for idle sessions to expire.",
                requestId).ConfigureAwait(false);
            return null;
        }

        LogSessionStarted(id, context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        context.Response.Headers[HttpProtocolVersions.SessionHeaderName] = id;
        return session;
    }

    private async Task<HttpMcpSession?> RequireSessionAsync(HttpContext context)
    {
        var sessionId = context.Request.Headers[HttpProtocolVersions.SessionHeaderName].ToString();
        if (string.IsNullOrEmpty(sessionId))
        {
            await HttpJsonRpcErrors.WriteAsync(context, StatusCodes.Status400BadRequest, HttpJsonRpcErrors.InvalidRequest,
                "This request needs the Mcp-Session-Id header returned by initialize.").ConfigureAwait(false);
            return null;
        }

        return await FindSessionAsync(context, sessionId, default).ConfigureAwait(false);
    }

    private async Task<HttpMcpSession?> FindSessionAsync(HttpContext context, string sessionId, RequestId requestId)
    {
        var session = await registry.FindAsync(sessionId).ConfigureAwait(false);
        if (session is null)
        {
            await WriteSessionNotFoundAsync(context, requestId).ConfigureAwait(false);
            return null;
        }

        context.Response.Headers[HttpProtocolVersions.SessionHeaderName] = session.Id;
        return session;
    }

    private static Task WriteSessionNotFoundAsync(HttpContext context, RequestId requestId) =>
        // 404 tells a Streamable HTTP client to start a new session with initialize.
        HttpJsonRpcErrors.WriteAsync(context, StatusCodes.Status404NotFound, HttpJsonRpcErrors.SessionNotFound,
            "Session not found (it ended, expired after being idle, or the server restarted). Start a new one with initialize.", requestId);

    private static async Task<bool> CheckProtocolVersionAsync(HttpContext context, RequestId requestId)
    {
        var version = context.Request.Headers[HttpProtocolVersions.HeaderName].ToString();
        if (string.IsNullOrEmpty(version) || HttpProtocolVersions.IsSessionVersion(version))
        {
            return true;
        }

        await HttpJsonRpcErrors.WriteUnsupportedVersionAsync(context, version, requestId).ConfigureAwait(false);
        return false;
    }

    private static void StartEventStream(HttpContext context)
    {
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache,no-store";
        context.Response.Headers.ContentEncoding = "identity";
        context.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP HTTP session {SessionId} started from {RemoteAddress}")]
    private partial void LogSessionStarted(string sessionId, string remoteAddress);
}
