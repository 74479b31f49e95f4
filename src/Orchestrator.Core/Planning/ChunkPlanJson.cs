using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Common;
using Orchestrator.Core.Processes;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Planning;

/// <summary>System.Text.Json settings and helpers for chunk plans in the source field names (camelCase).</summary>
public static class ChunkPlanJson
{
    /// <summary>camelCase names, nulls omitted, enums as camelCase strings; property names read case-insensitively.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions(PlanningJsonContext.Default);

    /// <summary>Serialises a flat chunk list.</summary>
    public static string Serialize(IReadOnlyList<ChunkDefinition> chunks) => JsonSerializer.Serialize(chunks, TypeInfo<IReadOnlyList<ChunkDefinition>>(Options));

    /// <summary>Serialises the source <c>waves</c> shape.</summary>
    public static string SerializeWaves(IReadOnlyList<IReadOnlyList<ChunkDefinition>> waves) =>
        JsonSerializer.Serialize(waves, TypeInfo<IReadOnlyList<IReadOnlyList<ChunkDefinition>>>(Options));

    /// <summary>Reads a flat chunk list; a syntax or shape error is returned as a message, not thrown.</summary>
    public static IReadOnlyList<ChunkDefinition>? DeserializeChunks(string json, out string? error) =>
        Deserialize<List<ChunkDefinition>>(json, "a JSON array of chunk objects", out error);

    /// <summary>Reads the source <c>waves</c> shape; a syntax or shape error is returned as a message, not thrown.</summary>
    public static IReadOnlyList<IReadOnlyList<ChunkDefinition>>? DeserializeWaves(string json, out string? error) =>
        Deserialize<List<List<ChunkDefinition>>>(json, "a JSON array of waves, each an array of chunk objects", out error);

    /// <summary>The generated metadata for <typeparamref name="T"/> under <paramref name="options"/> (a type missing from the context fails here).</summary>
    public static JsonTypeInfo<T> TypeInfo<T>(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
    }

    /// <summary>
    /// These settings over the given generated metadata: Web defaults (camelCase, case-insensitive reading), nulls
    /// omitted, the engine's enums as camelCase names.
    /// </summary>
    public static JsonSerializerOptions CreateOptions(IJsonTypeInfoResolver resolver, bool indented = false)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = indented,
            TypeInfoResolver = resolver,
        };
        AddEnums(options);
        options.MakeReadOnly();
        return options;
    }

    private static void AddEnums(JsonSerializerOptions options)
    {
        options.Converters.Add(new CamelCaseEnumConverter<ModelTier>());
        options.Converters.Add(new CamelCaseEnumConverter<ErrorCode>());
        options.Converters.Add(new CamelCaseEnumConverter<ProcessExitKind>());
        options.Converters.Add(new CamelCaseEnumConverter<SessionIsolation>());
        options.Converters.Add(new CamelCaseEnumConverter<AgentOutcomeStatus>());
        options.Converters.Add(new CamelCaseEnumConverter<FindingSeverity>());
        options.Converters.Add(new CamelCaseEnumConverter<AgentRole>());
        options.Converters.Add(new CamelCaseEnumConverter<ChunkPlanProblemKind>());
        options.Converters.Add(new CamelCaseEnumConverter<TestProbe>());
        options.Converters.Add(new CamelCaseEnumConverter<RunnerKind>());
    }

    private static T? Deserialize<T>(string json, string expected, out string? error)
        where T : class
    {
        try
        {
            var value = JsonSerializer.Deserialize(json, TypeInfo<T>(Options));
            error = value is null ? $"expected {expected}, got null" : null;
            return value;
        }
        catch (JsonException ex)
        {
            error = $"expected {expected}: {ex.Message}";
            return null;
        }
    }
}
