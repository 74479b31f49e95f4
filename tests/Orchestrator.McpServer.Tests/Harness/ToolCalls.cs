using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Orchestrator.McpServer.Tests.Harness;

/// <summary>Calls a tool and hands back its structured result, or its error text.</summary>
internal static class ToolCalls
{
    public static async Task<JsonElement> CallOkAsync(this McpClient client, string tool, Dictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        var result = await client.CallToolAsync(tool, arguments, cancellationToken: cancellationToken);
        Assert.True(result.IsError is not true, $"{tool} failed: {TextOf(result)}");
        Assert.NotNull(result.StructuredContent);
        return JsonSerializer.SerializeToElement(result.StructuredContent);
    }

    public static async Task<string> CallErrorAsync(this McpClient client, string tool, Dictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        var result = await client.CallToolAsync(tool, arguments, cancellationToken: cancellationToken);
        Assert.True(result.IsError, $"{tool} was expected to fail but returned: {TextOf(result)}");
        return TextOf(result);
    }

    public static string TextOf(CallToolResult result) =>
        string.Join("\n", result.Content.OfType<TextContentBlock>().Select(t => t.Text));
}
