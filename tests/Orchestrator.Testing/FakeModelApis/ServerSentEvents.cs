using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Orchestrator.Testing.FakeModelApis;

/// <summary>Writes <c>text/event-stream</c> frames; both providers name each event and send one JSON object as data.</summary>
internal static class ServerSentEvents
{
    public static void Begin(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
    }

    public static async Task WriteAsync(HttpResponse response, string eventName, JsonObject data, CancellationToken cancellationToken)
    {
        var frame = $"event: {eventName}\ndata: {data.ToJsonString()}\n\n";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(frame), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    public static async Task WriteJsonAsync(HttpResponse response, int statusCode, JsonNode body, CancellationToken cancellationToken)
    {
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        await response.WriteAsync(body.ToJsonString(), cancellationToken);
    }
}
