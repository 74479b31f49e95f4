using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>The result of <c>approve</c>: the decision and who made it (user via elicitation, or client).</summary>
public sealed record ApproveToolResult(
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("gate")] string Gate,
    [property: JsonPropertyName("decision")] string Decision,
    [property: JsonPropertyName("decided_by")] string DecidedBy,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("note")] string? Note,
    [property: JsonPropertyName("phase")] string Phase,
    [property: JsonPropertyName("unresolved_blockers")] IReadOnlyList<string> UnresolvedBlockers,
    [property: JsonPropertyName("follow_up_chunks")] IReadOnlyList<string> FollowUpChunks);
