namespace Orchestrator.Core.Sessions;

/// <summary>The three gates of a session: the plan gate, the spend gate before a build, and the concerns decision.</summary>
public sealed record SessionGates(GateState Plan, GateState Build, GateState Concerns)
{
    public static SessionGates Initial { get; } = new(GateState.Initial, GateState.Initial, GateState.Initial);
}
