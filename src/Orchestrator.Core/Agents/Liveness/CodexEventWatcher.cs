using System.Text.Json;
using Orchestrator.Core.Processes;

namespace Orchestrator.Core.Agents.Liveness;

/// <summary>
/// Watches <c>codex exec --json</c>: each completed <c>command_execution</c> (its command) and <c>mcp_tool_call</c>
/// (tool and arguments) goes to a <see cref="RepeatedToolCallDetector"/>; a <c>file_change</c> is an edit.
/// </summary>
public sealed class CodexEventWatcher(int repeats) : IOutputLineWatcher
{
    private readonly RepeatedToolCallDetector _detector = new(repeats);

    /// <inheritdoc />
    public string? Observe(string line)
    {
        if (!line.Contains("\"item.completed\"", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("item", out var item) || item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("type", out var type))
            {
                return null;
            }

            return type.GetString() switch
            {
                "command_execution" => _detector.Record("command", Text(item, "command"), isEdit: false),
                "mcp_tool_call" => _detector.Record(Text(item, "tool"), item.TryGetProperty("arguments", out var arguments) ? arguments.GetRawText() : "", isEdit: false),
                "file_change" => _detector.Record("file_change", item.TryGetProperty("changes", out var changes) ? changes.GetRawText() : "", isEdit: true),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
}
