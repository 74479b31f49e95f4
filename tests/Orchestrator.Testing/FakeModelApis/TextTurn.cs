namespace Orchestrator.Testing.FakeModelApis;

/// <summary>A final text answer (<c>stop_reason: end_turn</c> / an assistant <c>message</c> item).</summary>
public sealed record TextTurn(string Content) : FakeTurn;
