using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Orchestrator.Core.Common;

namespace Orchestrator.McpServer.Tools;

/// <summary>
/// Refuses a <c>tools/call</c> request whose shape is wrong before the SDK reads it: params that are not an object,
/// a missing or non-string <c>name</c>, or <c>arguments</c> that are not an object. The SDK would answer those with
/// <c>-32603 "An error occurred."</c>; this answers <c>-32602</c> (invalid params) naming the field and the fix.
/// </summary>
internal static class ToolCallShapeFilter
{
    public static McpMessageHandler Wrap(McpMessageHandler next) =>
        async (context, cancellationToken) =>
        {
            if (context.JsonRpcMessage is JsonRpcRequest { Method: RequestMethods.ToolsCall } request && Problem(request.Params) is { } problem)
            {
                throw new McpProtocolException(problem, McpErrorCode.InvalidParams);
            }

            await next(context, cancellationToken).ConfigureAwait(false);
        };

    /// <summary>Null when the params of a tools/call request have the protocol's shape; else what is wrong and the fix.</summary>
    public static string? Problem(JsonNode? parameters)
    {
        if (parameters is not JsonObject call)
        {
            return $"tools/call params must be an object {{\"name\": \"<tool>\", \"arguments\": {{...}}}}, got {Describe(parameters)}.";
        }

        if (call["name"] is not JsonValue name || !name.TryGetValue<string>(out var text) || string.IsNullOrEmpty(text))
        {
            return $"tools/call needs `name`, the tool's name as a string (tools/list lists them), got {Describe(call["name"])}.";
        }

        return call.TryGetPropertyValue("arguments", out var arguments) && arguments is not null and not JsonObject
            ? $"tools/call `arguments` of {InputEcho.Quote(text, 60)} must be an object mapping argument names to values (e.g. {{\"session_id\": \"...\"}}), got {Describe(arguments)}."
            : null;
    }

    private static string Describe(JsonNode? node) => node switch
    {
        null => "null (or nothing)",
        JsonArray => $"an array {InputEcho.Truncate(node.ToJsonString(), 80)}",
        JsonObject => $"an object {InputEcho.Truncate(node.ToJsonString(), 80)}",
        _ => $"the value {InputEcho.Truncate(node.ToJsonString(), 80)}",
    };
}
