using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;

namespace Orchestrator.McpServer.Hosting.Http;

/// <summary>Writes the JSON-RPC error bodies the endpoint answers with before a message reaches a session.</summary>
internal static class HttpJsonRpcErrors
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;

    /// <summary>Not in the MCP standard; what the SDKs answer for an unknown session.</summary>
    public const int SessionNotFound = -32001;

    /// <summary>Generic server-defined error (access refused, too many sessions).</summary>
    public const int ServerError = -32000;

    public static async Task WriteAsync(HttpContext context, int statusCode, int code, string message, RequestId id = default,
        Action<Utf8JsonWriter>? writeData = null)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("jsonrpc", "2.0");
        writer.WritePropertyName("id");
        switch (id.Id)
        {
            case string text:
                writer.WriteStringValue(text);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            default:
                writer.WriteNullValue();
                break;
        }

        writer.WriteStartObject("error");
        writer.WriteNumber("code", code);
        writer.WriteString("message", message);
        if (writeData is not null)
        {
            writer.WritePropertyName("data");
            writeData(writer);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>-32022 with <c>{ supported, requested }</c> so a 2026-07-28 client falls back to initialize.</summary>
    public static Task WriteUnsupportedVersionAsync(HttpContext context, string requested, RequestId id = default) =>
        WriteAsync(context, StatusCodes.Status400BadRequest, HttpProtocolVersions.UnsupportedProtocolVersionCode,
            $"Protocol version {requested} is not served over HTTP here (it has no sessions); use the initialize handshake with one of: " +
            string.Join(", ", HttpProtocolVersions.SessionVersions) + ".",
            id,
            writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartArray("supported");
                foreach (var version in HttpProtocolVersions.SessionVersions)
                {
                    writer.WriteStringValue(version);
                }

                writer.WriteEndArray();
                writer.WriteString("requested", requested);
                writer.WriteEndObject();
            });
}
