using System.Text.Json;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Protocol;

/// <summary>build_start re-estimates for the runner it uses and warns about tiers that do not escalate; build_result puts the estimate beside the actual cost.</summary>
public sealed class BuildCostProtocolTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Build_result_shows_estimated_against_actual_and_build_start_warns_when_every_tier_is_one_model()
    {
        using var repo = TempGitRepository.Create();
        var agents = new ScriptedAgentRunner { CostPerCall = 0.25m };
        await using var server = await PhaseFlow.StartAsync("2025-11-25", new ScriptedEnvironmentFactory(agents), Ct);
        var client = server.Client;
        var root = repo.Root;
        Directory.CreateDirectory(Path.Combine(root, ".orchestrator"));
        await File.WriteAllTextAsync(Path.Combine(root, ".orchestrator", "config.yaml"),
            "runners:\n  codex:\n    models: { haiku: gpt-5.5, sonnet: gpt-5.5, opus: gpt-5.5 }\n    reasoning_effort: { haiku: high, sonnet: high, opus: high }\n", Ct);
        var started = await client.CallToolAsync("session_start", new Dictionary<string, object?> { ["description"] = "Add a greeting module", ["project_root"] = root, ["new"] = true }, cancellationToken: Ct);
        var sessionId = await PhaseFlow.ToApprovedBuildAsync(client, root, PhaseFlow.TwoChunks(), Ct);

        var start = await client.CallToolAsync("build_start", new Dictionary<string, object?> { ["session_id"] = sessionId, ["runner"] = "codex", ["isolation"] = "shared", ["project_root"] = root }, cancellationToken: Ct);
        var runId = JsonSerializer.SerializeToElement(start.StructuredContent).GetProperty("run_id").GetString()!;
        await PhaseFlow.WaitForEndAsync(client, runId, root, Ct);
        var result = await client.CallToolAsync("build_result", new Dictionary<string, object?> { ["run_id"] = runId, ["project_root"] = root }, cancellationToken: Ct);

        // The default runner (claude) keeps its distinct tiers: session_start has nothing to warn about; codex here is flattened.
        Assert.Empty(JsonSerializer.SerializeToElement(started.StructuredContent).GetProperty("warnings").EnumerateArray());
        var warning = Assert.Single(JsonSerializer.SerializeToElement(start.StructuredContent).GetProperty("warnings").EnumerateArray()).GetString();
        Assert.Contains("give every tier the same model (gpt-5.5 at high effort)", warning);
        Assert.Contains("Warning: runners.codex.models", ToolCalls.TextOf(start));
        // Codex defaults: c1 haiku $0.10, c2 sonnet $0.30 per attempt, a $0.30 review each.
        Assert.Contains("Estimated $1.00-$", ToolCalls.TextOf(start));
        var structured = JsonSerializer.SerializeToElement(result.StructuredContent);
        var estimated = structured.GetProperty("estimatedCostUsd");
        Assert.Equal(0.40m + 0.60m, estimated.GetProperty("low").GetDecimal());
        Assert.StartsWith("codex: defaults", estimated.GetProperty("basis").GetString());
        Assert.Equal(1.00m, structured.GetProperty("costUsd").GetDecimal());
        Assert.Contains("$1.00 spent (estimated $1.00-$", ToolCalls.TextOf(result));
    }
}
