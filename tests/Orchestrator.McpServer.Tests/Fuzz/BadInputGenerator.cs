using System.Text;
using System.Text.Json.Nodes;

namespace Orchestrator.McpServer.Tests.Fuzz;

/// <summary>
/// Bad inputs for one tool, generated from its input schema with a fixed seed: every argument in the wrong JSON
/// type, null, empty, huge, deeply nested, odd unicode and control characters, path-like and traversal values,
/// out-of-range numbers; every required argument left out; unknown extra arguments. Other arguments keep plausible
/// values (ids that exist nowhere), so each input tests one thing. No value names an existing path outside the
/// test's temp folder: relative paths would resolve against the test's own working directory.
/// </summary>
internal sealed class BadInputGenerator(int seed)
{
    private readonly Random random = new(seed);

    /// <summary>Plausible values that reach no real state (a session, run or job of that id exists nowhere).</summary>
    public static JsonObject BaseArguments(string tool) => tool switch
    {
        "session_start" => new JsonObject { ["description"] = "fuzz a feature" },
        "session_status" => new JsonObject { ["session_id"] = "20260101-000000-none-0000" },
        "approve" => new JsonObject { ["session_id"] = "20260101-000000-none-0000", ["gate"] = "plan", ["decision"] = "approve" },
        "agent_job_submit" => new JsonObject { ["job_id"] = "job-none", ["output"] = new JsonObject() },
        "build_status" or "build_result" or "build_cancel" or "build_resume" or "agent_job_next" => new JsonObject { ["run_id"] = "run-20260101-000000-0000" },
        _ => new JsonObject { ["session_id"] = "20260101-000000-none-0000" },
    };

    /// <summary>Every bad input for <paramref name="tool"/>: (what was changed, the arguments node).</summary>
    public IEnumerable<FuzzInput> For(string tool, JsonObject schema, string outsidePath)
    {
        var properties = schema["properties"] as JsonObject ?? [];
        var required = (schema["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>()).ToList();
        foreach (var name in required)
        {
            var arguments = BaseArguments(tool);
            arguments.Remove(name);
            yield return new FuzzInput(tool, name, "missing", arguments) { Expect = FuzzExpectation.RefusedNamingTheArgument };
        }

        foreach (var (name, property) in properties)
        {
            var type = property?["type"]?.GetValue<string>();
            foreach (var (kind, value, wrongType) in ValuesFor(name, type, outsidePath))
            {
                var arguments = BaseArguments(tool);
                arguments[name] = value;
                // A null for an optional argument means "left out"; for a required one it is a missing argument.
                var bound = wrongType && (value is not null || required.Contains(name));
                yield return new FuzzInput(tool, name, kind, arguments) { Expect = bound ? FuzzExpectation.RefusedNamingTheArgument : FuzzExpectation.Answered };
            }
        }

        var extra = BaseArguments(tool);
        extra["no_such_argument"] = "x";
        extra[Junk(12)] = new JsonArray(1, 2, 3);
        yield return new FuzzInput(tool, "no_such_argument", "unknown arguments", extra);
    }

    /// <summary>Values for one argument; WrongType marks those of a JSON type the schema does not allow, which the SDK would bind.</summary>
    private IEnumerable<(string Kind, JsonNode? Value, bool WrongType)> ValuesFor(string name, string? type, string outsidePath)
    {
        // Wrong JSON types for every argument (only known to be wrong when the schema names a type).
        var typed = type is not null;
        if (type != "string")
        {
            yield return ("string for " + (type ?? "any"), "not-a-" + type, typed);
        }

        if (type is not ("integer" or "number"))
        {
            yield return ("number", 7, typed);
        }

        if (type != "boolean")
        {
            yield return ("boolean", true, typed);
        }

        if (type != "array")
        {
            yield return ("array", new JsonArray("a", 1, null), typed);
        }

        if (type != "object")
        {
            yield return ("object", new JsonObject { ["a"] = 1 }, typed);
        }

        yield return ("null", null, typed);
        yield return ("nested arrays 60 deep", Nested(60, array: true), typed && type != "array");
        yield return ("nested objects 60 deep", Nested(60, array: false), typed && type != "object");

        switch (type)
        {
            case "string":
                foreach (var (kind, text) in Strings(name, outsidePath))
                {
                    yield return (kind, text, false);
                }

                break;
            case "integer" or "number":
                yield return ("negative", -1, false);
                yield return ("int max", int.MaxValue, false);
                yield return ("int min", int.MinValue, false);
                yield return ("past int", 3_000_000_000L, type == "integer");
                yield return ("fraction", 2.5, type == "integer");
                yield return ("huge exponent", JsonNode.Parse("1e400"), typed);
                yield return ("tiny exponent", JsonNode.Parse("-1e-400"), false);
                yield return ("numeric string", "5", typed);
                break;
            case "boolean":
                yield return ("string true", "true", typed);
                yield return ("one", 1, typed);
                break;
            case "array":
                yield return ("empty array", new JsonArray(), false);
                yield return ("10,000 nulls", new JsonArray(Enumerable.Range(0, 10_000).Select(_ => (JsonNode?)null).ToArray()), typed);
                yield return ("array of numbers", new JsonArray(1, 2, 3), false);
                yield return ("array of huge strings", new JsonArray(new string('x', 200_000), Junk(50)), false);
                yield return ("array of objects", new JsonArray(new JsonObject { ["id"] = 5, ["files"] = "x" }, new JsonObject()), false);
                break;
        }
    }

    private IEnumerable<(string Kind, JsonNode? Value)> Strings(string name, string outsidePath)
    {
        yield return ("empty", "");
        yield return ("blank", "   \t ");
        yield return ("1 MB", new string('a', 1_000_000));
        yield return ("10 MB", new string('/', 10_000_000));
        yield return ("unicode", "ü\u00e9\U0001F642\u202E\uFFFF\u200B مرحبا 日本語");
        // (A lone surrogate cannot be sent: the SDK client refuses to serialise it.)
        yield return ("noncharacters", "\uFFFE\uFDD0\u0085\u2028");
        yield return ("control characters", "a\u0000b\u0007c\nd\re\u001b[31m");
        yield return ("absolute path", outsidePath);
        yield return ("traversal", "../../../../../../nonexistent-fuzz/x");
        yield return ("dot dot", "..");
        yield return ("hidden name", ".hidden");
        yield return ("separator", "a/b\\c");
        yield return ("windows drive", "C:\\Windows\\x");
        yield return ("home", "~nonexistent-fuzz/x");
        yield return ("shell", "$(touch /tmp/fuzz-pwn) `id` ; rm -rf /");
        yield return ("option-like", "--force");
        yield return ("random", Junk(random.Next(1, 300)));
        if (name.EndsWith("_id", StringComparison.Ordinal))
        {
            yield return ("upper-case id", "RUN-20260101-000000-0000");
            yield return ("id of 97 characters", new string('a', 97));
        }
    }

    private string Junk(int length)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            // Any BMP code point but surrogates: letters, symbols, controls, private use.
            var c = (char)random.Next(1, 0xD7FF);
            builder.Append(c);
        }

        return builder.ToString();
    }

    private static JsonNode Nested(int depth, bool array)
    {
        JsonNode node = array ? new JsonArray() : new JsonObject();
        for (var i = 1; i < depth; i++)
        {
            node = array ? new JsonArray(node) : new JsonObject { ["a"] = node };
        }

        return node;
    }
}
