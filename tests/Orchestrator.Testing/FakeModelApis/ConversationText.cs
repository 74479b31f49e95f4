using System.Text.Json.Nodes;

namespace Orchestrator.Testing.FakeModelApis;

/// <summary>
/// Collects every string value under a JSON node. Markers are matched against these decoded strings rather than the
/// serialized JSON, whose escaping (quotes, non-ASCII) would hide a marker that is really in the prompt.
/// </summary>
internal static class ConversationText
{
    public static IReadOnlyList<string> Of(JsonNode? node)
    {
        var strings = new List<string>();
        Collect(node, strings);
        return strings;
    }

    private static void Collect(JsonNode? node, List<string> strings)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, value) in obj)
                {
                    Collect(value, strings);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Collect(item, strings);
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                strings.Add(text);
                break;
        }
    }

    public static IReadOnlyList<string> ToolNamesOf(JsonNode? body) =>
        body is JsonObject obj && obj["tools"] is JsonArray tools
            ? [.. tools.Select(tool => tool?["name"]?.GetValue<string>() ?? tool?["type"]?.GetValue<string>() ?? "?")]
            : [];
}
