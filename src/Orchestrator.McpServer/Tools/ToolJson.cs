using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools;

/// <summary>JSON for tool results: property names come from each record's own attributes (snake_case by contract).</summary>
internal static class ToolJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = false,
    };
}
