using System.Text.Json;
using System.Text.Json.Serialization;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Build.Runs;

/// <summary>Source-generated serialisation of <see cref="ClusterBoardFile"/> (no reflection: the server may be trimmed).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(CamelCaseEnumConverter<AgentRole>)])]
[JsonSerializable(typeof(ClusterBoardView))]
internal sealed partial class ClusterBoardJsonContext : JsonSerializerContext
{
}
