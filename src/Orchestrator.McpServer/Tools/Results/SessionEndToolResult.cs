using System.Text.Json.Serialization;
using Orchestrator.Core.Close.SessionEnd;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>The result of <c>session_end</c>: the session's new status, what was removed and what was kept (with why).</summary>
public sealed record SessionEndToolResult(
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("removed")] IReadOnlyList<string> Removed,
    [property: JsonPropertyName("kept")] IReadOnlyList<string> Kept)
{
    public static SessionEndToolResult From(SessionEndResult r) => new(r.SessionId, r.Status, r.Removed, r.Kept);
}
