using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Orchestrator.Core.Agents.Answers;

namespace Orchestrator.McpServer.Dashboard;

/// <summary>The dashboard API's JSON: snake_case like the tool results, enum values as snake_case strings.</summary>
internal static class DashboardJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // One generic converter per enum the views carry (the non-generic converter needs reflection at run time).
        Converters = { new JsonStringEnumConverter<FindingSeverity>(JsonNamingPolicy.SnakeCaseLower) },
        TypeInfoResolver = DashboardJsonContext.Default,
    };

    /// <summary>The generated metadata for <typeparamref name="T"/> (a type missing from <see cref="DashboardJsonContext"/> fails here, in every build).</summary>
    public static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));
}
