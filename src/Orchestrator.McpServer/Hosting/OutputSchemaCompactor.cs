using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Server;

namespace Orchestrator.McpServer.Hosting;

/// <summary>
/// Keeps tools/list small (every client pays for it in every conversation; the budget is 16 KB for all tools): each
/// tool's output schema keeps its top-level fields with their types and enums, and drops nested shapes, formats and
/// required lists. The schemas stay true (every result still validates), only less detailed; the structured results
/// themselves are unchanged.
/// </summary>
internal static class OutputSchemaCompactor
{
    private static readonly string[] KeptKeywords = ["type", "enum"];

    public static void Apply(McpServerOptions options)
    {
        foreach (var tool in options.ToolCollection ?? [])
        {
            if (tool.ProtocolTool.OutputSchema is { } schema)
            {
                tool.ProtocolTool.OutputSchema = Compact(schema);
            }

            // The SDK repeats the title inside the annotations; once is enough.
            if (tool.ProtocolTool.Annotations is { } annotations && annotations.Title == tool.ProtocolTool.Title)
            {
                annotations.Title = null;
            }
        }
    }

    public static JsonElement Compact(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            return schema;
        }

        var compactProperties = new JsonObject();
        foreach (var property in properties.EnumerateObject())
        {
            compactProperties[property.Name] = CompactProperty(property.Value);
        }

        var compact = new JsonObject { ["type"] = "object", ["properties"] = compactProperties };
        return JsonSerializer.SerializeToElement(compact);
    }

    private static JsonNode CompactProperty(JsonElement property)
    {
        // "true" (any value) becomes {}, the same schema spelled as an object, which strict clients require.
        if (property.ValueKind != JsonValueKind.Object)
        {
            return property.ValueKind == JsonValueKind.True ? new JsonObject() : JsonNode.Parse(property.GetRawText())!;
        }

        var compact = new JsonObject();
        foreach (var keyword in KeptKeywords)
        {
            if (property.TryGetProperty(keyword, out var value))
            {
                compact[keyword] = JsonNode.Parse(value.GetRawText());
            }
        }

        if (property.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Object && items.TryGetProperty("type", out var itemType)
            && itemType.ValueKind == JsonValueKind.String && itemType.GetString() is not ("object" or "array"))
        {
            compact["items"] = new JsonObject { ["type"] = itemType.GetString() };
        }

        return compact;
    }
}
