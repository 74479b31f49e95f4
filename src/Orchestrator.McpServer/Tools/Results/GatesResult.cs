using System.Text.Json.Serialization;
using Orchestrator.Core.Sessions;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>The session's gates (publish: opened by close before it commits or pushes).</summary>
public sealed record GatesResult(
    [property: JsonPropertyName("plan")] GateResult Plan,
    [property: JsonPropertyName("build")] GateResult Build,
    [property: JsonPropertyName("concerns")] GateResult Concerns,
    [property: JsonPropertyName("publish")] GateResult Publish)
{
    public static GatesResult From(SessionGates g) => new(GateResult.From(g.Plan), GateResult.From(g.Build), GateResult.From(g.Concerns), GateResult.From(g.Publish));
}
