using System.Text.Json.Nodes;

namespace Orchestrator.McpServer.Tests.Fuzz;

/// <summary>One generated call: which tool, which argument was made bad and how, and the arguments sent.</summary>
internal sealed record FuzzInput(string Tool, string Argument, string Kind, JsonNode? Arguments)
{
    /// <summary>What the answer must be beyond "no crash, no hang, not vague".</summary>
    public FuzzExpectation Expect { get; init; } = FuzzExpectation.Answered;

    /// <summary>
    /// When set, the whole <c>params</c> of the tools/call request (the request itself is malformed); else the
    /// request is <c>{"name": Tool, "arguments": Arguments}</c>.
    /// </summary>
    public JsonNode? Params { get; init; }

    /// <summary>Whether <see cref="Params"/> replaces the well-formed request (a null params is a case of its own).</summary>
    public bool RawParams { get; init; }
}
