namespace Orchestrator.Core.Sessions;

/// <summary>
/// The gates of a session: the plan gate, the spend gate before a build, the concerns decision, and the publish gate
/// close needs before it commits or pushes (not written to STATE.md until it opens).
/// </summary>
public sealed record SessionGates(GateState Plan, GateState Build, GateState Concerns)
{
    public static SessionGates Initial { get; } = new(GateState.Initial, GateState.Initial, GateState.Initial);

    /// <summary>Consent to commit and push exactly what close showed (<see cref="GateState.Subject"/> names it).</summary>
    public GateState Publish { get; init; } = GateState.Initial;
}
