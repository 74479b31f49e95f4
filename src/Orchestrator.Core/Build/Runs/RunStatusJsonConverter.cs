using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Core.Build.Runs;

/// <summary><see cref="RunStatus"/> as snake_case strings wherever it is serialised, whatever the options.</summary>
public sealed class RunStatusJsonConverter() : JsonStringEnumConverter<RunStatus>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false);
