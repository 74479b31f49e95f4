using System.Text.Json;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Agents.Runners.Command;

/// <summary>
/// Finds the structured answer in a command-runner agent's stdout, whatever wrapper its CLI prints: the answer object
/// itself; a wrapper holding it (<c>structured_output</c>) or its text (<c>result</c> for cursor-agent and Claude,
/// <c>response</c> for gemini); else the last JSON object line; else the whole text (the engine's parser then says
/// why it is not acceptable).
/// </summary>
public static class CommandOutputReader
{
    private static readonly string[] AnswerFields = ["status", "findings"];
    private static readonly string[] WrapperTextFields = ["result", "response", "text", "output"];

    /// <summary>The answer in <paramref name="standardOutput"/>, or null when stdout is empty.</summary>
    public static JsonElement? Read(string standardOutput)
    {
        var trimmed = standardOutput.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        if (TryObject(trimmed) is { } whole && Unwrap(whole) is { } answer)
        {
            return answer;
        }

        foreach (var line in trimmed.Split('\n').Reverse())
        {
            if (line.TrimStart().StartsWith('{') && TryObject(line.Trim()) is { } candidate && Unwrap(candidate) is { } found)
            {
                return found;
            }
        }

        return JsonSerializer.SerializeToElement(trimmed, CommonJsonContext.Default.String);
    }

    private static JsonElement? Unwrap(JsonElement element)
    {
        if (AnswerFields.Any(field => element.TryGetProperty(field, out _)))
        {
            return element;
        }

        if (element.TryGetProperty("structured_output", out var structured) && structured.ValueKind == JsonValueKind.Object)
        {
            return structured.Clone();
        }

        foreach (var field in WrapperTextFields)
        {
            if (element.TryGetProperty(field, out var text) && text.ValueKind == JsonValueKind.String)
            {
                return TryObject(text.GetString()!.Trim()) ?? text.Clone();
            }
        }

        return null;
    }

    private static JsonElement? TryObject(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(StripFence(text));
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string StripFence(string text)
    {
        if (!text.StartsWith("```", StringComparison.Ordinal))
        {
            return text;
        }

        var firstNewline = text.IndexOf('\n');
        var lastFence = text.LastIndexOf("```", StringComparison.Ordinal);
        return firstNewline > 0 && lastFence > firstNewline ? text[(firstNewline + 1)..lastFence] : text;
    }
}
