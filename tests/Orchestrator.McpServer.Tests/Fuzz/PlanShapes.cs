using System.Text.Json.Nodes;

namespace Orchestrator.McpServer.Tests.Fuzz;

/// <summary>
/// Bad and oversized chunk plans for <c>divide</c> on a real session whose plan gate is approved; every one must be
/// refused (among them issue 17's point 9: <c>.git</c> and <c>.orchestrator</c> paths, a folder and a path inside it in
/// parallel chunks).
/// </summary>
internal static class PlanShapes
{
    public static IEnumerable<FuzzInput> For(string sessionId, string outsidePath)
    {
        yield return Chunks("10,000 chunks", Enumerable.Range(1, 10_000).Select(i => Chunk($"c{i}", [$"src/f{i}.cs"], [])));
        yield return Chunks("50,000-deep chain", Chain(50_000));
        yield return Chunks("40,000-deep chain", Chain(40_000));
        yield return Chunks("cycle", [Chunk("a", ["src/a"], ["b"]), Chunk("b", ["src/b"], ["a"])]);
        yield return Chunks("self dependency", [Chunk("a", ["src/a"], ["a"])]);
        yield return Chunks("duplicate ids", [Chunk("a", ["src/a"], []), Chunk("a", ["src/b"], [])]);
        yield return Chunks("absolute id", [Chunk(outsidePath, ["src/a"], [])]);
        yield return Chunks("traversal id", [Chunk("../../../../../pwn", ["src/a"], [])]);
        yield return Chunks("absolute file", [Chunk("a", [outsidePath], [])]);
        yield return Chunks("traversal file", [Chunk("a", ["../../outside.txt"], [])]);
        yield return Chunks(".git file", [Chunk("a", [".git/hooks/pre-commit"], [])]);
        yield return Chunks(".orchestrator file", [Chunk("a", [".orchestrator/sessions/x/STATE.md"], [])]);
        yield return Chunks("folder and file in parallel", [Chunk("a", ["src/"], []), Chunk("b", ["src/x.cs"], [])]);
        yield return Chunks("same file in parallel", [Chunk("a", ["src/x.cs"], []), Chunk("b", ["src/x.cs"], [])]);
        yield return Chunks("unknown dependency", [Chunk("a", ["src/a"], ["nope"])]);
        yield return Chunks("unknown tier", [new JsonObject { ["id"] = "a", ["scope"] = "s", ["files"] = new JsonArray("src/a"), ["model"] = "gpt-9" }]);
        yield return Chunks("empty plan", []);
        yield return Chunks("null chunks", [null, null]);
        yield return Chunks("huge scope", [new JsonObject { ["id"] = "a", ["scope"] = new string('s', 5_000_000), ["files"] = new JsonArray("src/a") }]);
        yield return Chunks("501 files", [Chunk("a", Enumerable.Range(0, 501).Select(i => $"src/f{i}").ToArray(), [])]);
        yield return Chunks("1,000 dependsOn", [Chunk("a", ["src/a"], Enumerable.Range(0, 1_000).Select(i => $"d{i}").ToArray())]);
        yield return Chunks("empty id and scope", [new JsonObject { ["id"] = "", ["scope"] = "", ["files"] = new JsonArray("") }]);
        yield return Waves("waves nested too deep", new JsonArray(new JsonArray(new JsonArray(Chunk("a", ["src/a"], [])))));
        yield return Waves("waves of numbers", new JsonArray(1, 2));
        yield return Waves("2,000 waves of one chunk", new JsonArray(Enumerable.Range(1, 2_000).Select(i => (JsonNode?)new JsonArray(Chunk($"c{i}", [$"src/f{i}"], null))).ToArray()));
        var both = Arguments(sessionId);
        both["chunks"] = new JsonArray(Chunk("a", ["src/a"], []));
        both["waves"] = new JsonArray(new JsonArray(Chunk("b", ["src/b"], [])));
        yield return new FuzzInput("divide", "chunks", "chunks and waves", both) { Expect = FuzzExpectation.Refused };

        FuzzInput Chunks(string kind, IEnumerable<JsonNode?> chunks)
        {
            var arguments = Arguments(sessionId);
            arguments["chunks"] = new JsonArray(chunks.ToArray());
            return new FuzzInput("divide", "chunks", kind, arguments) { Expect = FuzzExpectation.Refused };
        }

        FuzzInput Waves(string kind, JsonArray waves)
        {
            var arguments = Arguments(sessionId);
            arguments["waves"] = waves;
            return new FuzzInput("divide", "waves", kind, arguments) { Expect = FuzzExpectation.Refused };
        }
    }

    private static JsonObject Arguments(string sessionId) => new() { ["session_id"] = sessionId };

    private static IEnumerable<JsonNode?> Chain(int length) =>
        Enumerable.Range(1, length).Select(i => Chunk($"c{i}", [$"src/f{i}.cs"], i == 1 ? [] : [$"c{i - 1}"]));

    private static JsonObject Chunk(string id, string[] files, string[]? dependsOn)
    {
        var chunk = new JsonObject { ["id"] = id, ["scope"] = "implement " + id, ["files"] = new JsonArray(files.Select(f => (JsonNode?)f).ToArray()) };
        if (dependsOn is not null)
        {
            chunk["dependsOn"] = new JsonArray(dependsOn.Select(d => (JsonNode?)d).ToArray());
        }

        return chunk;
    }
}
