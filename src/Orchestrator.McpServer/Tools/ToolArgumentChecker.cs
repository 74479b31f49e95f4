using System.Globalization;
using System.Text.Json;
using Orchestrator.Core.Common;

namespace Orchestrator.McpServer.Tools;

/// <summary>
/// Checks a call's arguments against the tool's input schema before the SDK binds them to the method's parameters.
/// The SDK answers a binding failure (a required argument missing, a string where an integer belongs) with only
/// "An error occurred invoking 'tool'", which names neither the argument nor the fix; this names both. Nested shapes
/// (chunk objects in <c>chunks</c>) are checked the same way, with the path to the bad value.
/// </summary>
internal static class ToolArgumentChecker
{
    /// <summary>Null when the arguments fit the schema; else one refusal naming the argument, what is wrong and the fix.</summary>
    public static string? Problem(string tool, JsonElement schema, IDictionary<string, JsonElement>? arguments)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()).OfType<string>())
            {
                if (arguments is null || !arguments.TryGetValue(name, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
                {
                    var property = properties.TryGetProperty(name, out var p) ? p : default;
                    return $"{tool}: argument `{name}` is missing; it is required. Pass `{name}` as {Expected(property)}{Hint(property)}.";
                }
            }
        }

        foreach (var (name, value) in arguments ?? new Dictionary<string, JsonElement>())
        {
            if (properties.TryGetProperty(name, out var property) && Check(value, property, name) is { } problem)
            {
                return $"{tool}: {problem}";
            }
        }

        return null;
    }

    private static string? Check(JsonElement value, JsonElement schema, string path)
    {
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined || schema.ValueKind != JsonValueKind.Object)
        {
            // Null is "left out" for an optional argument (required ones were checked above); nested nulls are the validator's.
            return null;
        }

        if (schema.TryGetProperty("type", out var type) && !Matches(value, type))
        {
            return $"argument `{path}` must be {Expected(schema)}, got {Kind(value)} {InputEcho.Truncate(value.GetRawText(), 80)}. Pass `{path}` as {Expected(schema)}{Hint(schema)}.";
        }

        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                var itemPath = string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");
                if (item.ValueKind == JsonValueKind.Null && items.ValueKind == JsonValueKind.Object && items.TryGetProperty("type", out _))
                {
                    return $"argument `{itemPath}` is null, but every entry of `{path}` must be {Expected(items)}. Remove the null entries.";
                }

                if (Check(item, items, itemPath) is { } problem)
                {
                    return problem;
                }

                index++;
            }
        }

        if (value.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in value.EnumerateObject())
            {
                if (properties.TryGetProperty(property.Name, out var propertySchema) && Check(property.Value, propertySchema, $"{path}.{property.Name}") is { } problem)
                {
                    return problem;
                }
            }
        }

        return null;
    }

    private static bool Matches(JsonElement value, JsonElement type) => type.ValueKind switch
    {
        JsonValueKind.String => Matches(value, type.GetString()),
        JsonValueKind.Array => type.EnumerateArray().Any(t => Matches(value, t.GetString())),
        _ => true,
    };

    private static bool Matches(JsonElement value, string? type) => type switch
    {
        "string" => value.ValueKind == JsonValueKind.String,
        // The tools' integers are C# ints: a fraction or a value past int's range cannot bind.
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _),
        "number" => value.ValueKind == JsonValueKind.Number && double.IsFinite(value.GetDouble()),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "array" => value.ValueKind == JsonValueKind.Array,
        "object" => value.ValueKind == JsonValueKind.Object,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => true,
    };

    private static string Expected(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("type", out var type))
        {
            return "a JSON value";
        }

        var names = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()).ToList() : [type.GetString()];
        return string.Join(" or ", names.Where(n => n is not "null").Select(n => n switch
        {
            "string" => "a string",
            "integer" => "an integer (-2147483648 to 2147483647)",
            "number" => "a number",
            "boolean" => "true or false",
            "array" when schema.TryGetProperty("items", out var items) => $"an array of {Plural(Expected(items))}",
            "array" => "an array",
            "object" => "an object",
            _ => n ?? "a value",
        }));
    }

    private static string Plural(string expected) => expected switch
    {
        "a string" => "strings",
        "an object" => "objects",
        "a number" => "numbers",
        _ => expected,
    };

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "the string",
        JsonValueKind.Number => "the number",
        JsonValueKind.True or JsonValueKind.False => "the boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    private static string Hint(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("description", out var description) && description.GetString() is { Length: > 0 } text
            ? $" ({InputEcho.Truncate(text, 160)})"
            : "";
}
