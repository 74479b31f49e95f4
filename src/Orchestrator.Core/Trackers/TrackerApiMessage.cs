using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Core.Trackers;

/// <summary>The <c>message</c> of a GitHub/Gitea error body (or the body's start when it is not JSON), for failure texts.</summary>
internal static class TrackerApiMessage
{
    public static string From(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        try
        {
            if (JsonNode.Parse(text) is JsonObject obj && obj["message"] is JsonValue message && message.TryGetValue<string>(out var value))
            {
                return value;
            }
        }
        catch (JsonException)
        {
        }

        var trimmed = text.Trim();
        return trimmed.Length > 200 ? trimmed[..200] + "..." : trimmed;
    }
}
