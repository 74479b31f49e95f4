namespace Orchestrator.Testing.FakeModelApis;

/// <summary>
/// The API fails with <paramref name="StatusCode"/> and the provider's JSON error body. It stays at the head of its
/// queue, because the CLIs retry (Claude even with <c>CLAUDE_CODE_MAX_RETRIES=1</c>) and a retry must fail the same way.
/// </summary>
public sealed record HttpErrorTurn(int StatusCode, string Message) : FakeTurn;
