using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;

namespace Orchestrator.McpServer.Tools;

/// <summary>JSON for tool results: property names come from each record's own attributes (snake_case by contract).</summary>
internal static class ToolJson
{
    public static JsonSerializerOptions Options => ToolJsonContext.Default.Options;

    /// <summary>
    /// What the SDK binds tool arguments with and builds their schemas from: its own options, with this project's
    /// argument types (chunks, angles) generated at compile time ahead of them.
    /// </summary>
    public static JsonSerializerOptions Arguments { get; } = new(McpJsonUtilities.DefaultOptions)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(ToolJsonContext.Default, McpJsonUtilities.DefaultOptions.TypeInfoResolver),
    };

    /// <summary>The generated metadata for <typeparamref name="T"/>; a type missing from <see cref="ToolJsonContext"/> fails here, in every build.</summary>
    public static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));
}
