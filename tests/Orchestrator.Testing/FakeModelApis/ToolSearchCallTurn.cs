namespace Orchestrator.Testing.FakeModelApis;

/// <summary>
/// An OpenAI Responses <c>tool_search_call</c> run by the client (<c>execution: "client"</c>). Codex 0.169 offers MCP
/// tools only behind its <c>tool_search</c> tool (deferred loading): it searches their metadata with BM25 and answers
/// with a <c>tool_search_output</c> item listing them under a namespace, which the next model turn may call.
/// </summary>
public sealed record ToolSearchCallTurn(string Query, int Limit) : FakeTurn;
