namespace Orchestrator.Testing.FakeModelApis;

/// <summary>
/// The API never answers (until the fake is disposed). It stays at the head of its queue, so a client's retry hangs too.
/// </summary>
public sealed record HangTurn : FakeTurn;
