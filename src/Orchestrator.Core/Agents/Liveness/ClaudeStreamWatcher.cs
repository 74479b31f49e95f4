using System.Text.Json;
using Orchestrator.Core.Processes;

namespace Orchestrator.Core.Agents.Liveness;

/// <summary>
/// Watches <c>claude -p --output-format stream-json --verbose</c>: every <c>assistant</c> event's <c>tool_use</c>
/// blocks go to a <see cref="RepeatedToolCallDetector"/>. Lines that are not JSON events are ignored.
/// </summary>
public sealed class ClaudeStreamWatcher(int repeats) : IOutputLineWatcher
{
    private static readonly HashSet<string> EditTools = new(StringComparer.Ordinal) { "Write", "Edit", "MultiEdit", "NotebookEdit" };
    private readonly RepeatedToolCallDetector _detector = new(repeats);

    /// <inheritdoc />
    public string? Observe(string line)
    {
        if (!line.Contains("\"tool_use\"", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.GetString() != "assistant"
                || !root.TryGetProperty("message", out var message) || !message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            foreach (var block in content.EnumerateArray())
            {
                if (block.ValueKind == JsonValueKind.Object && block.TryGetProperty("type", out var blockType) && blockType.GetString() == "tool_use"
                    && block.TryGetProperty("name", out var name) && name.GetString() is { } tool)
                {
                    var input = block.TryGetProperty("input", out var value) ? value.GetRawText() : "";
                    if (_detector.Record(tool, input, EditTools.Contains(tool)) is { } spiral)
                    {
                        return spiral;
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not an event line (a warning): no activity to judge.
        }

        return null;
    }
}
