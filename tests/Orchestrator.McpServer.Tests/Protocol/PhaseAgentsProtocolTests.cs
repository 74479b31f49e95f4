using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Options;
using Orchestrator.Core.Common;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Protocol;

/// <summary>The agent paths of plan and divide, and what happens when no agent can run.</summary>
public sealed class PhaseAgentsProtocolTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Refine_feedback_reaches_the_planner_and_the_divider_gets_a_second_try_with_the_validators_problems()
    {
        using var repo = TempGitRepository.Create();
        var agents = PhaseFlow.ScriptedAgents().When(j => j.Role == AgentRole.Divider,
            ScriptedStep.Json(new { waves = new[] { new[] { new { id = "c1", scope = "a", files = new[] { "src/x.cs" }, model = "sonnet", tests = false }, new { id = "c2", scope = "b", files = new[] { "src/x.cs" }, model = "sonnet", tests = false } } } }),
            ScriptedStep.Json(new { waves = new[] { new[] { new { id = "c1", scope = "a", files = new[] { "src/x.cs" }, model = "sonnet", tests = true } } } }));
        var factory = new ScriptedEnvironmentFactory(agents);
        await using var server = await PhaseFlow.StartAsync("2025-11-25", factory, Ct);
        var client = server.Client;
        var root = repo.Root;
        var sessionId = await PhaseFlow.StartSessionAsync(client, root, Ct);
        await client.CallOkAsync("spec", new() { ["session_id"] = sessionId, ["findings"] = "Greeting lives in src/.", ["project_root"] = root }, Ct);
        var first = await client.CallOkAsync("plan", new() { ["session_id"] = sessionId, ["project_root"] = root }, Ct);
        await client.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "plan", ["decision"] = "refine", ["note"] = "Use one file only", ["project_root"] = root }, Ct);
        await client.CallOkAsync("plan", new() { ["session_id"] = sessionId, ["project_root"] = root }, Ct);
        await client.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "plan", ["decision"] = "approve", ["project_root"] = root }, Ct);
        var divided = await client.CallOkAsync("divide", new() { ["session_id"] = sessionId, ["project_root"] = root }, Ct);

        Assert.Equal("sonnet", first.GetProperty("planner_model").GetString());
        var planners = factory.Runner.JobsFor(AgentRole.Planner);
        Assert.Equal(2, planners.Count);
        Assert.Contains("Greeting lives in src/.", planners[0].Prompt);
        Assert.DoesNotContain("Use one file only", planners[0].Prompt);
        Assert.Contains("## The user's feedback (revise the plan to address it)\nUse one file only", planners[1].Prompt);
        Assert.Contains("## Previous plan", planners[1].Prompt);
        var dividers = factory.Runner.JobsFor(AgentRole.Divider);
        Assert.Equal(2, dividers.Count);
        Assert.Contains("both own \"src/x.cs\"", dividers[1].Prompt);
        Assert.Equal("c1", Assert.Single(divided.GetProperty("chunks").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal("build", divided.GetProperty("gate").GetString());
    }

    [Fact]
    public async Task Spec_reports_each_finished_angle_as_progress()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await PhaseFlow.StartAsync("2025-11-25", new ScriptedEnvironmentFactory(PhaseFlow.ScriptedAgents()), Ct);
        var sessionId = await PhaseFlow.StartSessionAsync(server.Client, repo.Root, Ct);
        var progress = new ProgressRecorder();

        var result = await progress.CallToolAsync(server.Client, "spec", new Dictionary<string, object?> { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);

        Assert.True(result.IsError is not true, ToolCalls.TextOf(result));
        Assert.True(SpinWait.SpinUntil(() => progress.Values.Count >= 3, TimeSpan.FromSeconds(10)), $"{progress.Values.Count} progress notifications");
        var messages = progress.Values.Select(v => v.Message).ToList();
        // Notifications may be handled concurrently by the client, so only their content is checked, not their order.
        Assert.Contains("research: 0/2 angles done", messages);
        Assert.Contains(messages, m => m!.StartsWith("research: 2/2 angles done", StringComparison.Ordinal));
        Assert.Equal([1f, 2f, 3f], progress.Values.Select(v => v.Progress).Order());
    }

    [Fact]
    public async Task When_no_runner_is_available_spec_and_plan_say_how_to_supply_the_work_yourself()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", cancellationToken: Ct,
            configureServices: services => services.AddSingleton<IAgentRunnerFactory>(new UnavailableRunnerFactory()));
        var client = server.Client;
        var sessionId = await PhaseFlow.StartSessionAsync(client, repo.Root, Ct);

        var spec = await client.CallErrorAsync("spec", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);
        var plan = await client.CallErrorAsync("plan", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);
        var status = await client.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);

        Assert.Contains("claude is not installed", spec);
        Assert.Contains("`findings`", spec);
        Assert.Contains("`plan`", plan);
        Assert.Equal("started", status.GetProperty("phase").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("spec").ValueKind);
    }

    private sealed class UnavailableRunnerFactory : IAgentRunnerFactory
    {
        public Outcome<IAgentRunner> Create(RunnerKind kind, RunnersOptions runners, string? hostRunId) =>
            Outcome<IAgentRunner>.Failure(ErrorCode.InvalidArgument, "claude is not installed (npm i -g @anthropic-ai/claude-code).");
    }
}
