namespace Orchestrator.Core.Sessions;

/// <summary>
/// The gates of a session: the plan gate, the spend gate before a build, the concerns decision, and the failures
/// decision (a run that ended with failed, partial or skipped chunks).
/// </summary>
public sealed record SessionGates(GateState Plan, GateState Build, GateState Concerns)
{
    /// <summary>Opened when a run ends with chunks that are not done: retry, address, defer or abandon them.</summary>
    public GateState Failures { get; init; } = GateState.Initial;

    public static SessionGates Initial { get; } = new(GateState.Initial, GateState.Initial, GateState.Initial);
}
