using System.Text.Json;

namespace Orchestrator.Core.Agents.Answers;

/// <summary>
/// Validates executor and reviewer answers against the contract's shapes (required fields, types, enum values).
/// An answer that does not fit is an error value, never an exception: the engine turns it into a failed attempt.
/// </summary>
public static class AgentOutputParser
{
    /// <summary>The contract's reason when an agent produced nothing usable.</summary>
    public const string NoResult = "agent returned no result";

    /// <summary>Validates an executor answer.</summary>
    public static AgentOutputParseResult<ExecutorOutput> ParseExecutor(JsonElement? output)
    {
        if (!TryGetObject(output, out var root, out var error))
        {
            return Invalid<ExecutorOutput>("executor", error);
        }

        var errors = new List<string>();
        var status = RequiredString(root, "status", errors);
        if (status is not null && status is not ("done" or "blocked"))
        {
            errors.Add($"\"status\" must be \"done\" or \"blocked\", got \"{status}\"");
        }

        var summary = RequiredString(root, "summary", errors);
        var files = OptionalStringArray(root, "filesChanged", errors);
        var testsPassed = OptionalBool(root, "testsPassed", errors);
        var blocker = OptionalString(root, "blocker", errors);
        var noChangeReason = OptionalString(root, "noChangeReason", errors);
        return errors.Count > 0
            ? Invalid<ExecutorOutput>("executor", string.Join("; ", errors))
            : new AgentOutputParseResult<ExecutorOutput>(new ExecutorOutput(status!, summary!, files, testsPassed, blocker, string.IsNullOrWhiteSpace(noChangeReason) ? null : noChangeReason), null);
    }

    /// <summary>Validates a reviewer answer.</summary>
    public static AgentOutputParseResult<ReviewerOutput> ParseReviewer(JsonElement? output)
    {
        if (!TryGetObject(output, out var root, out var error))
        {
            return Invalid<ReviewerOutput>("reviewer", error);
        }

        if (!root.TryGetProperty("findings", out var findingsElement))
        {
            return Invalid<ReviewerOutput>("reviewer", "missing required field \"findings\"");
        }

        if (findingsElement.ValueKind != JsonValueKind.Array)
        {
            return Invalid<ReviewerOutput>("reviewer", $"\"findings\" must be an array, got {Describe(findingsElement)}");
        }

        var errors = new List<string>();
        var findings = new List<ReviewFinding>();
        var index = 0;
        foreach (var item in findingsElement.EnumerateArray())
        {
            var prefix = $"findings[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{prefix} must be an object, got {Describe(item)}");
                continue;
            }

            var itemErrors = new List<string>();
            var chunkId = RequiredString(item, "chunkId", itemErrors);
            var severityText = RequiredString(item, "severity", itemErrors);
            FindingSeverity? severity = severityText switch
            {
                null => null,
                "blocker" => FindingSeverity.Blocker,
                "concern" => FindingSeverity.Concern,
                "nit" => FindingSeverity.Nit,
                _ => null,
            };
            if (severityText is not null && severity is null)
            {
                itemErrors.Add($"\"severity\" must be \"blocker\", \"concern\" or \"nit\", got \"{severityText}\"");
            }

            var title = RequiredString(item, "title", itemErrors);
            var detail = OptionalString(item, "detail", itemErrors);
            var file = OptionalString(item, "file", itemErrors);
            var line = OptionalInt(item, "line", itemErrors);
            if (itemErrors.Count > 0)
            {
                errors.AddRange(itemErrors.Select(e => $"{prefix}: {e}"));
                continue;
            }

            findings.Add(new ReviewFinding(chunkId!, severity!.Value, title!, detail, file, line));
        }

        return errors.Count > 0
            ? Invalid<ReviewerOutput>("reviewer", string.Join("; ", errors))
            : new AgentOutputParseResult<ReviewerOutput>(new ReviewerOutput(findings), null);
    }

    private static AgentOutputParseResult<T> Invalid<T>(string role, string? error)
        where T : class => new(null, $"invalid {role} output: {error}");

    private static bool TryGetObject(JsonElement? output, out JsonElement root, out string? error)
    {
        root = default;
        if (output is not { } element || element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            error = NoResult;
            return false;
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            // Some runners hand back the agent's final text; accept it when that text is the JSON object itself.
            var text = StripCodeFence(element.GetString() ?? string.Empty);
            try
            {
                using var document = JsonDocument.Parse(text);
                element = document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                error = $"not JSON ({ex.Message}): {Excerpt(text)}";
                return false;
            }
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            error = $"expected a JSON object, got {Describe(element)}";
            return false;
        }

        root = element;
        error = null;
        return true;
    }

    private static string StripCodeFence(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith("```", StringComparison.Ordinal))
        {
            return trimmed;
        }

        var firstNewline = trimmed.IndexOf('\n');
        var lastFence = trimmed.LastIndexOf("```", StringComparison.Ordinal);
        return firstNewline > 0 && lastFence > firstNewline ? trimmed[(firstNewline + 1)..lastFence].Trim() : trimmed;
    }

    private static string Excerpt(string text) => text.Length <= 80 ? $"\"{text}\"" : $"\"{text[..80]}...\"";

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => element.ValueKind.ToString(),
    };

    private static string? RequiredString(JsonElement root, string name, List<string> errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add($"missing required field \"{name}\"");
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add($"\"{name}\" must be a string, got {Describe(value)}");
            return null;
        }

        return value.GetString();
    }

    private static string? OptionalString(JsonElement root, string name, List<string> errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add($"\"{name}\" must be a string, got {Describe(value)}");
            return null;
        }

        return value.GetString();
    }

    private static bool? OptionalBool(JsonElement root, string name, List<string> errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add($"\"{name}\" must be a boolean, got {Describe(value)}");
            return null;
        }

        return value.GetBoolean();
    }

    private static int? OptionalInt(JsonElement root, string name, List<string> errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            errors.Add($"\"{name}\" must be an integer, got {Describe(value)}");
            return null;
        }

        return number;
    }

    private static IReadOnlyList<string>? OptionalStringArray(JsonElement root, string name, List<string> errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"\"{name}\" must be an array of strings, got {Describe(value)}");
            return null;
        }

        var items = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                errors.Add($"\"{name}\" must contain only strings, found {Describe(item)}");
                return null;
            }

            items.Add(item.GetString()!);
        }

        return items;
    }
}
