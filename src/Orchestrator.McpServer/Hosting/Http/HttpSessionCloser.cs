using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Orchestrator.McpServer.Hosting.Http;

/// <summary>
/// Ends an MCP session the way a client's DELETE does, through the SDK's own DELETE endpoint for <c>/mcp</c>: the
/// SDK keeps its sessions to itself, and its DELETE both forgets the session (its next request gets 404) and stops
/// its server.
/// </summary>
internal sealed class HttpSessionCloser(IServiceScopeFactory scopes)
{
    private IEnumerable<EndpointDataSource> _sources = [];

    /// <summary>The application's endpoints, once <c>MapMcp</c> has added them.</summary>
    public void Bind(IEnumerable<EndpointDataSource> sources) => _sources = sources;

    public async Task CloseAsync(string sessionId)
    {
        var delete = _sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .FirstOrDefault(e => e.RoutePattern.RawText?.TrimEnd('/').EndsWith("/mcp", StringComparison.OrdinalIgnoreCase) == true
                && e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Delete) == true)
            ?? throw new InvalidOperationException("The SDK's DELETE /mcp endpoint is not mapped; call Bind after MapMcp.");
        await using var scope = scopes.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = HttpMethods.Delete;
        context.Request.Path = "/mcp";
        context.Request.Headers["Mcp-Session-Id"] = sessionId;
        context.Response.Body = Stream.Null;
        await delete.RequestDelegate!(context).ConfigureAwait(false);
    }
}
