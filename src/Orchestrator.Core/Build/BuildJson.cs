using System.Text.Json;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Build;

/// <summary>JSON settings for results, events and snapshots: camelCase names and enum values, nulls omitted.</summary>
public static class BuildJson
{
    /// <summary>The shared options (same as <see cref="ChunkPlanJson.Options"/>).</summary>
    public static JsonSerializerOptions Options => ChunkPlanJson.Options;

    /// <summary>Indented variant for result.json.</summary>
    public static JsonSerializerOptions Indented { get; } = new(ChunkPlanJson.Options) { WriteIndented = true };
}
