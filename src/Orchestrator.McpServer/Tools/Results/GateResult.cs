using System.Text.Json.Serialization;
using Orchestrator.Core.Sessions;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>One gate's state: not_opened, open, approved or declined, and who decided.</summary>
public sealed record GateResult(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("decision")] string? Decision,
    [property: JsonPropertyName("decided_by")] string? DecidedBy,
    [property: JsonPropertyName("note")] string? Note,
    [property: JsonPropertyName("decided_at")] DateTimeOffset? DecidedAt)
{
    public static GateResult From(GateState g) => new(g.Status, g.Decision, g.DecidedBy, g.Note, g.DecidedAt);
}
