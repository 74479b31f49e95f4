using System.Text.Json;
using System.Text.Json.Serialization;
using Orchestrator.Core.Planning.PhaseAgents;

namespace Orchestrator.Core.Planning;

/// <summary>
/// Generated JSON metadata for chunk plans and phase-agent answers (no reflection at run time, as the native build
/// requires). Its options match <see cref="ChunkPlanJson.Options"/>; a type read or written with them must be listed.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IReadOnlyList<ChunkDefinition>))]
[JsonSerializable(typeof(IReadOnlyList<IReadOnlyList<ChunkDefinition>>))]
[JsonSerializable(typeof(List<ChunkDefinition>))]
[JsonSerializable(typeof(List<List<ChunkDefinition>>))]
[JsonSerializable(typeof(List<PlannedChunk>))]
[JsonSerializable(typeof(SessionChunkPlan))]
[JsonSerializable(typeof(ResearcherOutput))]
[JsonSerializable(typeof(PlannerOutput))]
[JsonSerializable(typeof(DividerOutput))]
public sealed partial class PlanningJsonContext : JsonSerializerContext;
