using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Scheduling;
using Orchestrator.Core.Common;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Build;

/// <summary>JSON settings for results, events and snapshots: camelCase names and enum values, nulls omitted.</summary>
public static class BuildJson
{
    /// <summary>The chunk plans' settings (<see cref="ChunkPlanJson.Options"/>) over the build's generated metadata too.</summary>
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    /// <summary>Indented variant for result.json.</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    /// <summary>The generated metadata for <typeparamref name="T"/> (a type missing from the contexts fails here, in every build).</summary>
    public static JsonTypeInfo<T> TypeInfo<T>(JsonSerializerOptions? options = null) => ChunkPlanJson.TypeInfo<T>(options ?? Options);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(ChunkPlanJson.CreateOptions(
            JsonTypeInfoResolver.Combine(BuildJsonContext.Default, PlanningJsonContext.Default), indented));
        options.Converters.Add(new CamelCaseEnumConverter<SchedulingMode>());
        options.Converters.Add(new CamelCaseEnumConverter<ChunkRunState>());
        options.Converters.Add(new CamelCaseEnumConverter<AttemptOutcome>());
        options.Converters.Add(new CamelCaseEnumConverter<BuildIsolation>());
        options.Converters.Add(new CamelCaseEnumConverter<BuildRunStatus>());
        options.MakeReadOnly();
        return options;
    }
}
