using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Orchestrator.McpServer.Hosting;

/// <summary>
/// Keeps tools/list small (every client pays for it in every conversation, and the TypeScript SDK's client compiles a
/// validator for every output schema on every list; the budget is 12,000 bytes for all tools) and portable:
/// <list type="bullet">
/// <item>input schemas: an optional argument's <c>["string","null"]</c> becomes <c>"string"</c> and its
/// <c>"default": null</c> goes (leaving an argument out already means null; single types are what strict clients such as
/// Gemini's function declarations accept);</item>
/// <item>output schemas only on the tools whose results a client program reads field by field to drive the next call
/// (<see cref="ToolsWithOutputSchema"/>: the session id, where a session stands, a build's status to poll); every other
/// result is read by the model from its text. The results themselves are unchanged (structured content included).
/// Those kept keep their top-level fields with their types and enums, and drop nested shapes (array items included:
/// the result itself shows them), formats and required lists: still true (every result validates), only less detailed;</item>
/// <item>annotations drop what the protocol assumes anyway (the repeated title, <c>idempotentHint: false</c>).</item>
/// </list>
/// </summary>
internal static class ToolSchemaCompactor
{
    /// <summary>The tools that keep an output schema (see the class comment).</summary>
    public static readonly IReadOnlySet<string> ToolsWithOutputSchema = new HashSet<string>(StringComparer.Ordinal)
    {
        "session_start", "session_status", "build_status",
    };

    private static readonly string[] KeptOutputKeywords = ["type", "enum"];

    /// <summary>
    /// The tools already compacted. The options are built again for every stateless (2026-07-28) HTTP request, over the
    /// same tool instances: each is compacted once, under the lock, before any server built from these options uses it.
    /// </summary>
    private static readonly ConditionalWeakTable<Tool, object> Compacted = [];

    private static readonly Lock Gate = new();

    private static readonly object Done = new();

    public static void Apply(McpServerOptions options)
    {
        lock (Gate)
        {
            foreach (var tool in options.ToolCollection ?? [])
            {
                if (Compacted.TryAdd(tool.ProtocolTool, Done))
                {
                    Compact(tool.ProtocolTool);
                }
            }
        }
    }

    private static void Compact(Tool tool)
    {
        tool.InputSchema = CompactInput(tool.InputSchema);
        if (tool.OutputSchema is { } schema)
        {
            tool.OutputSchema = ToolsWithOutputSchema.Contains(tool.Name) ? CompactOutput(schema) : null;
        }

        // The SDK repeats the title inside the annotations; once is enough.
        if (tool.Annotations is { } annotations)
        {
            if (annotations.Title == tool.Title)
            {
                annotations.Title = null;
            }

            // false is the protocol's default for idempotentHint: saying it costs bytes and tells nothing.
            if (annotations.IdempotentHint == false)
            {
                annotations.IdempotentHint = null;
            }
        }
    }

    public static JsonElement CompactInput(JsonElement schema)
    {
        var node = JsonNode.Parse(schema.GetRawText());
        DropNullability(node);
        return JsonElement.Parse(node?.ToJsonString() ?? "null");
    }

    public static JsonElement CompactOutput(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            return schema;
        }

        var compactProperties = new JsonObject();
        foreach (var property in properties.EnumerateObject())
        {
            compactProperties[property.Name] = CompactOutputProperty(property.Value);
        }

        var compact = new JsonObject { ["type"] = "object", ["properties"] = compactProperties };
        return JsonElement.Parse(compact.ToJsonString());
    }

    private static void DropNullability(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject schema:
                if (schema["type"] is JsonArray { Count: 2 } types && types.Select(t => t?.GetValue<string>()).ToList() is var names && names.Contains("null"))
                {
                    schema["type"] = names.First(n => n != "null");
                }

                if (schema.TryGetPropertyValue("default", out var value) && value is null)
                {
                    schema.Remove("default");
                }

                foreach (var child in schema.Select(p => p.Value).ToList())
                {
                    DropNullability(child);
                }

                break;
            case JsonArray array:
                foreach (var item in array.ToList())
                {
                    DropNullability(item);
                }

                break;
        }
    }

    private static JsonNode CompactOutputProperty(JsonElement property)
    {
        // "true" (any value) becomes {}, the same schema spelled as an object, which strict clients require.
        if (property.ValueKind != JsonValueKind.Object)
        {
            return property.ValueKind == JsonValueKind.True ? new JsonObject() : JsonNode.Parse(property.GetRawText())!;
        }

        var compact = new JsonObject();
        foreach (var keyword in KeptOutputKeywords)
        {
            if (property.TryGetProperty(keyword, out var value))
            {
                compact[keyword] = JsonNode.Parse(value.GetRawText());
            }
        }

        return compact;
    }
}
