using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Orchestrator.McpServer.Hosting;

/// <summary>
/// Keeps the tools/list answer small (clients pay for it in every conversation; the target is under 16 KB for the
/// whole server): output schemas keep their top-level fields and types but not the inner shape of nested objects
/// and lists (described in DESIGN.md and visible in every result), "required" lists go, and optional inputs lose
/// their redundant <c>"default": null</c>. A looser schema still validates every result the tools return.
/// </summary>
internal static class ToolListCompactor
{
    private static readonly object Gate = new();

    public static McpRequestHandler<ListToolsRequestParams, ListToolsResult> Wrap(McpRequestHandler<ListToolsRequestParams, ListToolsResult> next) =>
        async (context, cancellationToken) =>
        {
            var result = await next(context, cancellationToken).ConfigureAwait(false);
            // The SDK hands out the same Tool objects on every call; the rewrite is idempotent, the lock keeps it whole.
            lock (Gate)
            {
                foreach (var tool in result.Tools)
                {
                    tool.InputSchema = Rewrite(tool.InputSchema, CompactInput);
                    if (tool.OutputSchema is { } output)
                    {
                        tool.OutputSchema = Rewrite(output, CompactOutput);
                    }
                }
            }

            return result;
        };

    private static JsonElement Rewrite(JsonElement schema, Action<JsonObject> compact)
    {
        if (JsonNode.Parse(schema.GetRawText()) is not JsonObject root)
        {
            return schema;
        }

        compact(root);
        return JsonSerializer.SerializeToElement(root);
    }

    private static void CompactInput(JsonObject schema)
    {
        if (schema["properties"] is not JsonObject properties)
        {
            return;
        }

        foreach (var (_, property) in properties)
        {
            if (property is JsonObject p && p.TryGetPropertyValue("default", out var value) && value is null)
            {
                p.Remove("default");
            }
        }
    }

    private static void CompactOutput(JsonObject schema)
    {
        schema.Remove("required");
        if (schema["properties"] is not JsonObject properties)
        {
            return;
        }

        foreach (var name in properties.Select(p => p.Key).ToList())
        {
            if (properties[name] is not JsonObject property)
            {
                continue;
            }

            var items = property["items"] as JsonObject;
            var nested = property.ContainsKey("properties")
                || (items is not null && (items.ContainsKey("properties") || items.ContainsKey("$ref") || items.ContainsKey("items")));
            if (nested)
            {
                var shallow = new JsonObject { ["type"] = property["type"]?.DeepClone() };
                if (property["description"] is { } description)
                {
                    shallow["description"] = description.DeepClone();
                }

                properties[name] = shallow;
            }
        }
    }
}
