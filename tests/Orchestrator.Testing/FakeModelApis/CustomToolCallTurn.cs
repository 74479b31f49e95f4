namespace Orchestrator.Testing.FakeModelApis;

/// <summary>
/// An OpenAI Responses <c>custom_tool_call</c>: a freeform tool whose input is plain text, which is how Codex
/// declares <c>apply_patch</c> (a lark grammar, not JSON parameters). The Anthropic fake has no equivalent.
/// </summary>
public sealed record CustomToolCallTurn(string Name, string Input) : FakeTurn;
