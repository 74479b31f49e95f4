using Orchestrator.McpServer.Tests.Harness;

namespace Orchestrator.McpServer.Tests.Protocol;

/// <summary>The phase tools as a client sees them: contract names, arguments and the result fields of DESIGN.md.</summary>
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
        var output = tool.OutputSchema!.Value.GetProperty("properties");
        Assert.All(fields.Split(','), f => Assert.True(output.TryGetProperty(f, out _), $"{name} result lacks {f}"));
    }
}
