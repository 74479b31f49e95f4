using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Orchestrator.Core.Planning;

/// <summary>System.Text.Json settings and helpers for chunk plans in the source field names (camelCase).</summary>
public static class ChunkPlanJson
{
    /// <summary>camelCase names, nulls omitted, enums as camelCase strings; property names read case-insensitively.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Serialises a flat chunk list.</summary>
    public static string Serialize(IReadOnlyList<ChunkDefinition> chunks) => JsonSerializer.Serialize(chunks, Options);

    /// <summary>Serialises the source <c>waves</c> shape.</summary>
    public static string SerializeWaves(IReadOnlyList<IReadOnlyList<ChunkDefinition>> waves) => JsonSerializer.Serialize(waves, Options);

    /// <summary>Reads a flat chunk list; a syntax or shape error is returned as a message, not thrown.</summary>
    public static IReadOnlyList<ChunkDefinition>? DeserializeChunks(string json, out string? error) =>
        Deserialize<List<ChunkDefinition>>(json, "a JSON array of chunk objects", out error);

    /// <summary>Reads the source <c>waves</c> shape; a syntax or shape error is returned as a message, not thrown.</summary>
    public static IReadOnlyList<IReadOnlyList<ChunkDefinition>>? DeserializeWaves(string json, out string? error) =>
        Deserialize<List<List<ChunkDefinition>>>(json, "a JSON array of waves, each an array of chunk objects", out error);

    private static T? Deserialize<T>(string json, string expected, out string? error)
        where T : class
    {
        try
        {
            var value = JsonSerializer.Deserialize<T>(json, Options);
            error = value is null ? $"expected {expected}, got null" : null;
            return value;
        }
        catch (JsonException ex)
        {
            error = $"expected {expected}: {ex.Message}";
            return null;
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = false,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly();
        return options;
    }
}
