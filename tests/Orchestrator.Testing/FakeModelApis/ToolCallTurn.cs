using System.Text.Json.Nodes;

namespace Orchestrator.Testing.FakeModelApis;

/// <summary>A call of a JSON-argument tool: Anthropic <c>tool_use</c>, OpenAI Responses <c>function_call</c>.</summary>
public sealed record ToolCallTurn(string Name, JsonObject Input) : FakeTurn;
