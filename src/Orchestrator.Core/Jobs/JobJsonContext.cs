using System.Text.Json;
using System.Text.Json.Serialization;
using Orchestrator.Core.Close;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Jobs;

/// <summary>
/// Generated JSON metadata for a detached job's files (job.json, outcome.json, progress lines) and the phase results an
/// outcome carries, read and written with <see cref="JobJson.Options"/> (the chunk-plan settings: camelCase, nulls
/// omitted). <see cref="JobKind"/> has no converter there, so it stays a number as it always was on disk.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JobRecord))]
[JsonSerializable(typeof(JobOutcome))]
[JsonSerializable(typeof(JobProgress))]
[JsonSerializable(typeof(SpecResult))]
[JsonSerializable(typeof(PlanResult))]
[JsonSerializable(typeof(DivideResult))]
[JsonSerializable(typeof(CloseResult))]
internal sealed partial class JobJsonContext : JsonSerializerContext;
