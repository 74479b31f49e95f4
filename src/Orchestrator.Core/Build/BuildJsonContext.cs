using System.Text.Json;
using System.Text.Json.Serialization;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Runs;

namespace Orchestrator.Core.Build;

/// <summary>
/// Generated JSON metadata for results, journal records and snapshots (no reflection at run time, as the native build
/// requires). Its options match <see cref="BuildJson.Options"/>; a type read or written with them must be listed.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BuildRunResult))]
[JsonSerializable(typeof(BuildRunInput))]
[JsonSerializable(typeof(BuildRunRequest))]
[JsonSerializable(typeof(BuildOptions))]
[JsonSerializable(typeof(RunSetupRecord))]
[JsonSerializable(typeof(TokenUsage))]
[JsonSerializable(typeof(ExecutorOutput))]
[JsonSerializable(typeof(List<ReviewFinding>))]
public sealed partial class BuildJsonContext : JsonSerializerContext;
