using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Jobs;

/// <summary>The settings a detached job's files are written with: <see cref="ChunkPlanJson.Options"/>' over <see cref="JobJsonContext"/>.</summary>
public static class JobJson
{
    public static JsonSerializerOptions Options { get; } = ChunkPlanJson.CreateOptions(JobJsonContext.Default);

    /// <summary>The generated metadata for <typeparamref name="T"/> (a type missing from <see cref="JobJsonContext"/> fails here).</summary>
    public static JsonTypeInfo<T> TypeInfo<T>() => ChunkPlanJson.TypeInfo<T>(Options);
}
