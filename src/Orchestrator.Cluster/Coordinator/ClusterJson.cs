using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Cluster.Coordinator;

/// <summary>How config.yaml's runner settings travel to a worker (JSON inside the job).</summary>
internal static class ClusterJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
