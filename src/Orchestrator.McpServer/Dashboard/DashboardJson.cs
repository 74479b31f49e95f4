using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Dashboard;

/// <summary>The dashboard API's JSON: snake_case like the tool results, enum values as snake_case strings.</summary>
internal static class DashboardJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
