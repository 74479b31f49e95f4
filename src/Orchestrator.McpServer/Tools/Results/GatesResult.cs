using System.Text.Json.Serialization;
using Orchestrator.Core.Sessions;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>The session's three gates.</summary>
public sealed record GatesResult(
    [property: JsonPropertyName("plan")] GateResult Plan,
    [property: JsonPropertyName("build")] GateResult Build,
    [property: JsonPropertyName("concerns")] GateResult Concerns)
{
    public static GatesResult From(SessionGates g) => new(GateResult.From(g.Plan), GateResult.From(g.Build), GateResult.From(g.Concerns));
}
