using System.Text.Json.Serialization;
using Orchestrator.Core.Sessions;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>The live process holding a session's lock.</summary>
public sealed record LockOwnerResult(
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("this_server")] bool ThisServer,
    [property: JsonPropertyName("heartbeat_at")] DateTimeOffset HeartbeatAt)
{
    public static LockOwnerResult From(LockOwner owner) =>
        new(owner.Pid, owner.Host, owner.Pid == Environment.ProcessId && owner.Host == Environment.MachineName, owner.HeartbeatAt);
}
