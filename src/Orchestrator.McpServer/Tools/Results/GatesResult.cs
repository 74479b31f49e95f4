using System.Text.Json.Serialization;
using Orchestrator.Core.Sessions;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>
/// The session's gates (failures: opened when a run ends with chunks not done; publish: opened by close before it
/// commits or pushes).
/// </summary>
public sealed record GatesResult(
    [property: JsonPropertyName("plan")] GateResult Plan,
    [property: JsonPropertyName("build")] GateResult Build,
    [property: JsonPropertyName("concerns")] GateResult Concerns,
    [property: JsonPropertyName("failures")] GateResult Failures,
    [property: JsonPropertyName("publish")] GateResult Publish)
{
    public static GatesResult From(SessionGates g) =>
        new(GateResult.From(g.Plan), GateResult.From(g.Build), GateResult.From(g.Concerns), GateResult.From(g.Failures), GateResult.From(g.Publish));
}
