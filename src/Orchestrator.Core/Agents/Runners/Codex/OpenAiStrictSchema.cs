using System.Text.Json.Nodes;

namespace Orchestrator.Core.Agents.Runners.Codex;

/// <summary>
/// Codex sends <c>--output-schema</c> to the Responses API in strict mode, which accepts an object schema only when
/// every property is required and no others are allowed. Optional fields therefore become required-but-nullable;
/// the output parser already treats null as absent.
/// </summary>
public static class OpenAiStrictSchema
{
    /// <summary>The strict-mode form of <paramref name="schemaJson"/>.</summary>
    public static string From(string schemaJson)
    {
        var root = JsonNode.Parse(schemaJson) ?? throw new ArgumentException("schema is empty", nameof(schemaJson));
        Rewrite(root);
        return root.ToJsonString();
    }

    private static void Rewrite(JsonNode node)
    {
        if (node is not JsonObject schema)
        {
            return;
        }

        if (schema["items"] is JsonNode items)
        {
            Rewrite(items);
        }

        if (schema["properties"] is not JsonObject properties)
        {
            return;
        }

        var required = (schema["required"] as JsonArray)?.Select(r => r?.GetValue<string>()).ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var (name, property) in properties)
        {
            if (property is null)
            {
                continue;
            }

            Rewrite(property);
            if (!required.Contains(name) && property is JsonObject optional)
            {
                MakeNullable(optional);
            }
        }

        schema["required"] = new JsonArray(properties.Select(p => (JsonNode?)JsonValue.Create(p.Key)).ToArray());
        schema["additionalProperties"] = false;
    }

    private static void MakeNullable(JsonObject property)
    {
        switch (property["type"])
        {
            case JsonValue single when single.GetValue<string>() != "null":
                property["type"] = new JsonArray(single.GetValue<string>(), "null");
                break;
            case JsonArray many when !many.Any(t => t?.GetValue<string>() == "null"):
                many.Add((JsonNode?)JsonValue.Create("null"));
                break;
        }

        if (property["enum"] is JsonArray values && !values.Any(v => v is null))
        {
            values.Add(null);
        }
    }
}
