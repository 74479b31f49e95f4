using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Orchestrator.Core.Close.QualityGate;
using Orchestrator.Core.Common;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Jobs;

/// <summary>The settings a detached job's files are written with: <see cref="ChunkPlanJson.Options"/>' over <see cref="JobJsonContext"/>.</summary>
public static class JobJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>The generated metadata for <typeparamref name="T"/> (a type missing from <see cref="JobJsonContext"/> fails here).</summary>
    public static JsonTypeInfo<T> TypeInfo<T>() => ChunkPlanJson.TypeInfo<T>(Options);

    private static JsonSerializerOptions Create()
    {
        // The job files kept the chunk-plan settings' old rule, every enum as its camelCase name (the non-generic
        // converter did that before the native build), so the enums only jobs reach get theirs here: the job's kind,
        // and the quality gate's statuses, whose own snake_case converter those settings always overrode.
        var options = new JsonSerializerOptions(ChunkPlanJson.CreateOptions(JobJsonContext.Default));
        options.Converters.Add(new CamelCaseEnumConverter<JobKind>());
        options.Converters.Add(new CamelCaseEnumConverter<QualityGateStatus>());
        options.Converters.Add(new CamelCaseEnumConverter<GateCheckStatus>());
        options.MakeReadOnly();
        return options;
    }
}
