using System.Text.Json.Nodes;

namespace Orchestrator.McpServer.Tests.Fuzz;

/// <summary>
/// tools/call requests that are malformed themselves, not their arguments: params that are not an object, a missing
/// or non-string tool name, arguments that are not an object, a tool that does not exist. Each must be answered with
/// JSON-RPC -32602 naming the field (the SDK alone answered most of them with -32603 "An error occurred.").
/// </summary>
internal static class RequestShapes
{
    /// <summary>The name the report files these inputs under (no tool of that name exists).</summary>
    public const string Request = "(tools/call request)";

    public static IEnumerable<FuzzInput> For(IEnumerable<string> tools)
    {
        foreach (var tool in tools)
        {
            foreach (var (kind, arguments) in new (string, JsonNode?)[] { ("arguments array", new JsonArray()), ("arguments number", 5), ("arguments string", "x") })
            {
                yield return new FuzzInput(tool, "arguments", kind, arguments) { Expect = FuzzExpectation.InvalidParamsNamingTheField };
            }
        }

        foreach (var (kind, parameters) in new (string, JsonNode?)[] { ("params array", new JsonArray("session_status")), ("params number", 5), ("params string", "session_status"), ("params null", null) })
        {
            yield return Raw("params", kind, parameters);
        }

        yield return Raw("name", "name missing", new JsonObject { ["arguments"] = new JsonObject() });
        yield return Raw("name", "name empty", new JsonObject { ["name"] = "", ["arguments"] = new JsonObject() });
        // (A name that is a number or an object cannot be sent: the SDK client reads it as a string and throws.)
        yield return Raw("no_such_tool", "unknown tool", new JsonObject { ["name"] = "no_such_tool", ["arguments"] = new JsonObject() });
    }

    private static FuzzInput Raw(string field, string kind, JsonNode? parameters) =>
        new(Request, field, kind, null) { Expect = FuzzExpectation.InvalidParamsNamingTheField, Params = parameters, RawParams = true };
}
