using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Scheduling;
using Orchestrator.Core.Common;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Build.Journal;

/// <summary>
/// Source-generated (no reflection) serialisation of journal lines, with the settings every journal was written
/// with: camelCase names and enum values, nulls omitted, names read case-insensitively. The discriminator may come
/// anywhere in a line, because lines written before the journal was typed have it third.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowOutOfOrderMetadataProperties = true,
    Converters =
    [
        typeof(CamelCaseEnumConverter<AgentRole>),
        typeof(CamelCaseEnumConverter<AttemptOutcome>),
        typeof(CamelCaseEnumConverter<BuildRunStatus>),
        typeof(CamelCaseEnumConverter<FindingSeverity>),
        typeof(CamelCaseEnumConverter<ModelTier>),
        typeof(CamelCaseEnumConverter<SchedulingMode>),
    ])]
[JsonSerializable(typeof(RunEvent))]
[JsonSerializable(typeof(RunEventSeq))]
[JsonSerializable(typeof(BuildRunInput))]
[JsonSerializable(typeof(BuildOptions))]
[JsonSerializable(typeof(IReadOnlyList<PlannedChunk>))]
internal sealed partial class RunEventJsonContext : JsonSerializerContext
{
    /// <summary>The <c>type</c> an event record is written with.</summary>
    public static string TypeOf(Type eventType) => Discriminators.ByType[eventType];

    private static class Discriminators
    {
        public static readonly FrozenDictionary<Type, string> ByType = Read();

        private static FrozenDictionary<Type, string> Read()
        {
            var polymorphism = Default.RunEvent.PolymorphismOptions ?? throw new InvalidOperationException("RunEvent has no derived types");
            return polymorphism.DerivedTypes.ToFrozenDictionary(d => d.DerivedType, d => (string)d.TypeDiscriminator!);
        }
    }
}
