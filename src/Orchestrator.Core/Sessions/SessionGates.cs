namespace Orchestrator.Core.Sessions;

/// <summary>
/// The gates of a session: the plan gate, the spend gate before a build, the concerns decision, the failures decision
/// (a run that ended with chunks not done) and the publish gate close needs before it commits or pushes (the last two
/// are not written to STATE.md until they open).
/// </summary>
public sealed record SessionGates(GateState Plan, GateState Build, GateState Concerns)
{
    /// <summary>Opened when a run ends with chunks that are not done: retry, address, defer or abandon them.</summary>
    public GateState Failures { get; init; } = GateState.Initial;

    public static SessionGates Initial { get; } = new(GateState.Initial, GateState.Initial, GateState.Initial);

    /// <summary>Consent to commit and push exactly what close showed (<see cref="GateState.Subject"/> names it).</summary>
    public GateState Publish { get; init; } = GateState.Initial;
}
