using System.Text;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Orchestrator.McpServer.Tests.Harness;

namespace Orchestrator.McpServer.Tests.Protocol;

/// <summary>
/// Keeps the surface small enough for every client (Cursor reads only 40 tools; every tool's schema costs context in
/// every conversation): whatever tools are registered, at most 16, and the whole tools/list answer under 12,000 bytes
/// (issue 15's target is 12 KB; this pins what was reached, so growth is a decision).
/// </summary>
public sealed class ToolSurfaceTests
{
    private const int MaxTools = 16;
    private const int MaxListBytes = 12_000;

    // Arguments whose names say what they are and that nearly every tool takes; a description on each would spend the budget.
    private static readonly string[] SelfDescribing = ["session_id", "run_id", "project_root"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task At_most_16_tools_and_the_tools_list_answer_is_under_12000_bytes()
    {
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", cancellationToken: Ct);

        // The raw JSON-RPC answer, exactly as it goes over the wire.
        var response = await server.Client.SendRequestAsync(new JsonRpcRequest { Method = RequestMethods.ToolsList, Params = new System.Text.Json.Nodes.JsonObject() }, Ct);
        var bytes = Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(response, McpJsonUtilities.DefaultOptions));
        var tools = await server.Client.ListToolsAsync(cancellationToken: Ct);

        Assert.True(tools.Count <= MaxTools, $"{tools.Count} tools registered; keep it at most {MaxTools}: {string.Join(", ", tools.Select(t => t.Name))}");
        Assert.True(bytes < MaxListBytes, $"tools/list answer is {bytes} bytes; keep it under {MaxListBytes} (shorten descriptions or result schemas)");
        Assert.Contains(tools, t => t.Name == "session_start");
        Assert.Contains(tools, t => t.Name == "agent_job_next");
        TestContext.Current.SendDiagnosticMessage($"tools/list: {tools.Count} tools, {bytes} bytes");
    }

    [Fact]
    public async Task Every_tool_says_when_to_call_it_and_describes_every_argument()
    {
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", cancellationToken: Ct);

        var tools = await server.Client.ListToolsAsync(cancellationToken: Ct);

        Assert.All(tools, tool =>
        {
            Assert.InRange(tool.Description.Length, 60, 500);
            // Output schemas only where a client program reads the result's fields (see ToolSchemaCompactor).
            if (!Hosting.ToolSchemaCompactor.ToolsWithOutputSchema.Contains(tool.Name))
            {
                Assert.Null(tool.ProtocolTool.OutputSchema);
                return;
            }

            // Output schemas are compacted to their top-level fields, each an object schema (strict clients reject a bare true).
            Assert.NotNull(tool.ProtocolTool.OutputSchema);
            foreach (var field in tool.ProtocolTool.OutputSchema!.Value.GetProperty("properties").EnumerateObject())
            {
                Assert.Equal(JsonValueKind.Object, field.Value.ValueKind);
                Assert.False(field.Value.TryGetProperty("properties", out _), $"{tool.Name} output field {field.Name} keeps a nested shape");
            }

            // Optional arguments carry one type and no "default": null (portable to single-type dialects, and shorter).
            var input = tool.ProtocolTool.InputSchema.GetRawText();
            Assert.DoesNotContain("\"null\"", input);
            Assert.DoesNotContain("\"default\":null", input);
            foreach (var property in tool.ProtocolTool.InputSchema.GetProperty("properties").EnumerateObject().Where(p => !SelfDescribing.Contains(p.Name)))
            {
                Assert.True(property.Value.TryGetProperty("description", out var description) && description.GetString()!.Length > 0,
                    $"{tool.Name}.{property.Name} has no description");
            }
        });
    }
}
