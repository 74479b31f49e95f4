using System.Text.Json.Nodes;

namespace Orchestrator.Testing.FakeModelApis;

/// <summary>
/// A call of a JSON-argument tool: Anthropic <c>tool_use</c>, OpenAI Responses <c>function_call</c>.
/// <paramref name="Namespace"/> is the Responses <c>namespace</c> a deferred tool was found under (Codex 0.169 puts an
/// MCP server's tools in <c>mcp__&lt;server&gt;</c>); the Anthropic fake has none.
/// </summary>
public sealed record ToolCallTurn(string Name, JsonObject Input, string? Namespace = null) : FakeTurn;
