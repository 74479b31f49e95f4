using System.Text.Json;
using ModelContextProtocol.Protocol;
using Orchestrator.Core.Common;

namespace Orchestrator.McpServer.Tools;

/// <summary>
/// How every tool answers: the JSON result in <c>structuredContent</c>, a one-line summary for people, and the same JSON
/// as text for clients that do not read structured content (as the MCP specification recommends).
/// </summary>
internal static class ToolResults
{
    public static CallToolResult Structured<T>(T value, string summary)
    {
        var element = JsonSerializer.SerializeToElement(value, ToolJson.TypeInfo<T>());
        return new CallToolResult
        {
            StructuredContent = element,
            Content =
            [
                new TextContentBlock { Text = summary },
                new TextContentBlock { Text = element.GetRawText() },
            ],
        };
    }

    /// <summary>Turns an expected failure into the tool error the model sees (its message names the fix).</summary>
    public static ToolRefusedException Error(OrchestratorError error) => new(error.Message);

    public static T Unwrap<T>(Outcome<T> outcome) => outcome.Succeeded ? outcome.Value : throw Error(outcome.Error);
}
