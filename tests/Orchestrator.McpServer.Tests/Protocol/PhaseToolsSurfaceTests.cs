using System.Reflection;
using Microsoft.Extensions.AI;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using Orchestrator.McpServer.Tests.Harness;

namespace Orchestrator.McpServer.Tests.Protocol;

/// <summary>
/// The phase tools as a client sees them: contract names, arguments and the result fields of the contract. tools/list
/// carries output schemas only for a few tools (ToolSchemaCompactor), so the result fields are checked on the schema of
/// each tool's declared result type: the structured content it returns.
/// </summary>
public sealed class PhaseToolsSurfaceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("spec", "session_id", "rough_spec,angles")]
    [InlineData("plan", "session_id", "plan,gaps,open_questions,suggested_chunking,gate")]
    [InlineData("approve", "session_id,gate,decision", "gate,decision,decided_by")]
    [InlineData("divide", "session_id", "chunks,order,tests_required,opus_review_suggested,gate")]
    [InlineData("build_start", "session_id", "run_id,status")]
    [InlineData("build_status", "run_id", "run_id,status,phase,iteration,chunks,events,next_event")]
    [InlineData("build_result", "run_id", "iterations,hitReviewCap,perChunk,skipped,unassigned,filesChanged,clean,unresolvedBlockers,concerns,nits,costUsd,durationMs,scopeViolations")]
    [InlineData("build_cancel", "run_id", "run_id,status")]
    [InlineData("build_resume", "run_id", "run_id,status")]
    [InlineData("close", "session_id", "report,commits,issues_created,gate,metrics,status")]
    public async Task Each_phase_tool_has_the_contract_arguments_and_result_fields(string name, string required, string fields)
    {
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", cancellationToken: Ct);

        var tool = Assert.Single(await server.Client.ListToolsAsync(cancellationToken: Ct), t => t.Name == name).ProtocolTool;

        Assert.False(string.IsNullOrWhiteSpace(tool.Description));
        Assert.Equal(required.Split(','), tool.InputSchema.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.True(tool.InputSchema.GetProperty("properties").TryGetProperty("project_root", out _), $"{name} has no project_root");
        var output = ResultSchemaOf(name).GetProperty("properties");
        Assert.All(fields.Split(','), f => Assert.True(output.TryGetProperty(f, out _), $"{name} result lacks {f}"));
    }

    private static System.Text.Json.JsonElement ResultSchemaOf(string toolName)
    {
        var attribute = typeof(Hosting.OrchestratorServerSetup).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Select(m => m.GetCustomAttribute<McpServerToolAttribute>())
            .Single(a => a?.Name == toolName)!;
        Assert.NotNull(attribute.OutputSchemaType);
        return AIJsonUtilities.CreateJsonSchema(attribute.OutputSchemaType, serializerOptions: McpJsonUtilities.DefaultOptions);
    }
}
