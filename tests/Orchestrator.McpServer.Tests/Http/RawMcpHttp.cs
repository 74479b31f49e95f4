using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Orchestrator.McpServer.Tests.Http;

/// <summary>Hand-made Streamable HTTP requests, for what the SDK client never sends (bad origins, old sessions, raw versions).</summary>
internal static class RawMcpHttp
{
    public const string InitializeBody =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";

    /// <summary>An initialize request from a client that calls itself <paramref name="clientName"/>.</summary>
    public static string InitializeBodyFrom(string clientName) => InitializeBody.Replace("\"name\":\"raw\"", "\"name\":\"" + clientName + "\"", StringComparison.Ordinal);

    public const string InitializedNotification = """{"jsonrpc":"2.0","method":"notifications/initialized"}""";

    public const string ToolsListBody = """{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{}}""";

    public static HttpRequestMessage Post(Uri endpoint, string json, string? sessionId = null, string? origin = null, string? token = null,
        string? protocolVersion = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (sessionId is not null)
        {
            request.Headers.Add("Mcp-Session-Id", sessionId);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (protocolVersion is not null)
        {
            request.Headers.Add("MCP-Protocol-Version", protocolVersion);
        }

        return request;
    }

    /// <summary>Opens a session the way a client does (initialize, then notifications/initialized) and returns its id.</summary>
    public static async Task<string> InitializeAsync(HttpClient http, Uri endpoint, string? token, CancellationToken cancellationToken, string clientName = "raw")
    {
        using var response = await http.SendAsync(Post(endpoint, InitializeBodyFrom(clientName), token: token), cancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var sessionId = Assert.Single(response.Headers.GetValues("Mcp-Session-Id"));
        var answer = await ReadMessageAsync(response, cancellationToken);
        Assert.True(answer.TryGetProperty("result", out var result), answer.GetRawText());
        Assert.Equal("orchestrator", result.GetProperty("serverInfo").GetProperty("name").GetString());

        using var initialized = await http.SendAsync(Post(endpoint, InitializedNotification, sessionId, token: token), cancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, initialized.StatusCode);
        return sessionId;
    }

    /// <summary>The first JSON-RPC message of a response, whether sent as JSON or as a server-sent event.</summary>
    public static async Task<JsonElement> ReadMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            var data = body.Split('\n').First(l => l.StartsWith("data:", StringComparison.Ordinal));
            body = data["data:".Length..].Trim();
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }
}
