using System.Globalization;
using System.Text.Json;

namespace Orchestrator.Core.Agents.Runners.Claude;

/// <summary>
/// Reads the result object <c>claude -p --output-format json</c> prints, on success and on exit code 1 alike, and
/// judges it: <c>is_error</c>, a non-empty <c>permission_denials</c>, or a missing <c>structured_output</c> make a
/// failed attempt with that reason. Cost and tokens are taken whatever the verdict (the money is spent).
/// </summary>
public static class ClaudeResultParser
{
    /// <summary>Parses <paramref name="standardOutput"/>; <paramref name="exitCode"/> and <paramref name="standardErrorTail"/> only colour the reason.</summary>
    public static ClaudeRunVerdict Parse(string standardOutput, int? exitCode, string standardErrorTail)
    {
        if (FindResultObject(standardOutput) is not { } result)
        {
            var detail = string.IsNullOrWhiteSpace(standardErrorTail) ? "" : $": {standardErrorTail}";
            return new ClaudeRunVerdict(null, $"claude printed no result object (exit code {exitCode?.ToString(CultureInfo.InvariantCulture) ?? "none"}){detail}", 0m, TokenUsage.None);
        }

        var cost = result.TryGetProperty("total_cost_usd", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetDecimal(out var d) ? d : 0m;
        var tokens = Usage(result);
        if (result.TryGetProperty("is_error", out var isError) && isError.ValueKind == JsonValueKind.True)
        {
            return new ClaudeRunVerdict(null, "claude reported an error: " + ErrorText(result), cost, tokens)
            {
                TurnLimitHit = Text(result, "subtype") == "error_max_turns" || Text(result, "terminal_reason") == "max_turns",
            };
        }

        if (result.TryGetProperty("permission_denials", out var denials) && denials.ValueKind == JsonValueKind.Array && denials.GetArrayLength() > 0)
        {
            return new ClaudeRunVerdict(null, "permission denied: " + string.Join("; ", denials.EnumerateArray().Select(Denial)), cost, tokens);
        }

        if (!result.TryGetProperty("structured_output", out var structured) || structured.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            var text = Text(result, "result");
            return new ClaudeRunVerdict(null, "claude returned no structured output (the model never called StructuredOutput)" + (text is null ? "" : $"; its last text: {Excerpt(text)}"), cost, tokens);
        }

        return new ClaudeRunVerdict(structured.Clone(), null, cost, tokens);
    }

    private static JsonElement? FindResultObject(string standardOutput)
    {
        var trimmed = standardOutput.Trim();
        if (TryParseResult(trimmed) is { } whole)
        {
            return whole;
        }

        // Anything printed before the result (a warning on stdout) must not hide it: take the last result line.
        foreach (var line in trimmed.Split('\n').Reverse())
        {
            if (line.TrimStart().StartsWith('{') && TryParseResult(line.Trim()) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static JsonElement? TryParseResult(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object && Text(root, "type") == "result" ? root.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static TokenUsage Usage(JsonElement result)
    {
        if (!result.TryGetProperty("usage", out var usage) || usage.ValueKind != JsonValueKind.Object)
        {
            return TokenUsage.None;
        }

        return new TokenUsage(Long(usage, "input_tokens"), Long(usage, "output_tokens"), Long(usage, "cache_read_input_tokens"), Long(usage, "cache_creation_input_tokens"));
    }

    private static string ErrorText(JsonElement result)
    {
        var parts = new List<string>();
        if (Text(result, "result") is { } text)
        {
            parts.Add(Excerpt(text));
        }

        if (result.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
        {
            parts.AddRange(errors.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!));
        }

        if (Text(result, "subtype") is { } subtype && subtype != "success")
        {
            parts.Add($"({subtype})");
        }

        return parts.Count > 0 ? string.Join(" ", parts) : "no detail";
    }

    private static string Denial(JsonElement denial)
    {
        var tool = Text(denial, "tool_name") ?? "a tool";
        var target = denial.TryGetProperty("tool_input", out var input) && input.ValueKind == JsonValueKind.Object
            ? Text(input, "file_path") ?? Text(input, "command") ?? Text(input, "path")
            : null;
        return target is null ? tool : $"{tool} {target}";
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long Long(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : 0;

    private static string Excerpt(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
