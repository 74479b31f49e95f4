using System.Text.Json;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Agents.Runners.Codex;

/// <summary>
/// Reads <c>codex exec --json</c> JSONL: tokens from every <c>turn.completed.usage</c>, failures from
/// <c>turn.failed</c> and <c>error</c> events, and the answer from the last <c>agent_message</c> (Codex does not
/// validate it against <c>--output-schema</c>; the engine's parser does).
/// </summary>
public static class CodexEventParser
{
    /// <summary>Parses the JSONL on <paramref name="standardOutput"/>.</summary>
    public static CodexRunVerdict Parse(string standardOutput, int? exitCode, string standardErrorTail)
    {
        long input = 0, output = 0, cached = 0, cacheWrite = 0;
        string? lastMessage = null, turnFailure = null, lastError = null;
        var completedTurns = 0;
        foreach (var line in standardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }

            JsonElement e;
            try
            {
                using var document = JsonDocument.Parse(line);
                e = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                continue;
            }

            switch (Text(e, "type"))
            {
                case "turn.completed":
                    completedTurns++;
                    if (e.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
                    {
                        input += Long(usage, "input_tokens");
                        output += Long(usage, "output_tokens") + Long(usage, "reasoning_output_tokens");
                        cached += Long(usage, "cached_input_tokens");
                        cacheWrite += Long(usage, "cache_write_input_tokens");
                    }

                    break;
                case "turn.failed":
                    turnFailure = e.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object ? Text(error, "message") : null;
                    turnFailure ??= "turn failed";
                    break;
                case "error":
                    lastError = Text(e, "message") ?? lastError;
                    break;
                case "item.completed" when e.TryGetProperty("item", out var item) && item.ValueKind == JsonValueKind.Object && Text(item, "type") == "agent_message":
                    lastMessage = Text(item, "text") ?? lastMessage;
                    break;
            }
        }

        var tokens = new TokenUsage(input, output, cached, cacheWrite);
        if (turnFailure is not null)
        {
            return new CodexRunVerdict(null, "codex turn failed: " + turnFailure, tokens);
        }

        if (completedTurns == 0)
        {
            var why = lastError ?? (string.IsNullOrWhiteSpace(standardErrorTail) ? "no detail" : standardErrorTail);
            return new CodexRunVerdict(null, $"codex ended without completing its turn (exit code {exitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}): {why}", tokens);
        }

        if (lastMessage is null)
        {
            return new CodexRunVerdict(null, "codex finished without a final message: " + AgentOutputParser.NoResult, tokens);
        }

        return new CodexRunVerdict(Answer(lastMessage), null, tokens);
    }

    private static JsonElement Answer(string message)
    {
        // The final message should be the schema's JSON object; anything else is handed on as text so the engine's
        // parser can say precisely why it is not acceptable.
        try
        {
            using var document = JsonDocument.Parse(message);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(message, CommonJsonContext.Default.String);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long Long(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : 0;
}
