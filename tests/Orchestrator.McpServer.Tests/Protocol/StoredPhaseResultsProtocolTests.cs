using Orchestrator.Core.Agents;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Protocol;

/// <summary>Finished phase work is collected, never redone (issue 13): a repeated spec / plan / divide runs no agent.</summary>
public sealed class StoredPhaseResultsProtocolTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_second_spec_call_returns_the_stored_spec_and_runs_no_agent_until_rerun_is_asked()
    {
        using var repo = TempGitRepository.Create();
        var factory = new ScriptedEnvironmentFactory(PhaseFlow.ScriptedAgents());
        await using var server = await PhaseFlow.StartAsync("2025-11-25", factory, Ct);
        var sessionId = await PhaseFlow.StartSessionAsync(server.Client, repo.Root, Ct);

        var first = await server.Client.CallOkAsync("spec", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);
        var researched = factory.Runner.JobsFor(AgentRole.Researcher).Count;
        var second = await server.Client.CallOkAsync("spec", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);
        var afterSecond = factory.Runner.JobsFor(AgentRole.Researcher).Count;
        await server.Client.CallOkAsync("spec", new() { ["session_id"] = sessionId, ["rerun"] = true, ["project_root"] = repo.Root }, Ct);

        Assert.Equal(2, researched);
        Assert.Equal(researched, afterSecond);
        Assert.Equal(2 * researched, factory.Runner.JobsFor(AgentRole.Researcher).Count);
        Assert.Equal(first.GetProperty("rough_spec").GetString(), second.GetProperty("rough_spec").GetString());
        Assert.Equal("done", second.GetProperty("status").GetString());
        Assert.Equal(0m, second.GetProperty("cost_usd").GetDecimal());
        Assert.Equal(
            first.GetProperty("angles").EnumerateArray().Select(a => (a.GetProperty("name").GetString(), a.GetProperty("model").GetString(), a.GetProperty("ok").GetBoolean())),
            second.GetProperty("angles").EnumerateArray().Select(a => (a.GetProperty("name").GetString(), a.GetProperty("model").GetString(), a.GetProperty("ok").GetBoolean())));
    }

    [Fact]
    public async Task A_second_plan_and_divide_return_what_is_stored_and_feedback_or_a_refined_gate_re_plans()
    {
        using var repo = TempGitRepository.Create();
        var agents = PhaseFlow.ScriptedAgents().When(j => j.Role == AgentRole.Divider,
            ScriptedStep.Json(new { waves = new[] { new[] { new { id = "c1", scope = "a", files = new[] { "src/x.cs" }, model = "sonnet", tests = false } } } }));
        var factory = new ScriptedEnvironmentFactory(agents);
        await using var server = await PhaseFlow.StartAsync("2025-11-25", factory, Ct);
        var client = server.Client;
        var root = repo.Root;
        var sessionId = await PhaseFlow.StartSessionAsync(client, root, Ct);
        await client.CallOkAsync("spec", new() { ["session_id"] = sessionId, ["findings"] = "Greeting lives in src/.", ["project_root"] = root }, Ct);

        var planned = await client.CallOkAsync("plan", new() { ["session_id"] = sessionId, ["project_root"] = root }, Ct);
        var again = await client.CallOkAsync("plan", new() { ["session_id"] = sessionId, ["project_root"] = root }, Ct);
        var plannersAfterRepeat = factory.Runner.JobsFor(AgentRole.Planner).Count;
        await client.CallOkAsync("plan", new() { ["session_id"] = sessionId, ["feedback"] = "One file only", ["project_root"] = root }, Ct);
        var plannersAfterFeedback = factory.Runner.JobsFor(AgentRole.Planner).Count;
        await client.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "plan", ["decision"] = "refine", ["note"] = "Name the provider", ["project_root"] = root }, Ct);
        await client.CallOkAsync("plan", new() { ["session_id"] = sessionId, ["project_root"] = root }, Ct);
        var plannersAfterRefine = factory.Runner.JobsFor(AgentRole.Planner).Count;
        await client.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "plan", ["decision"] = "approve", ["project_root"] = root }, Ct);
        var divided = await client.CallOkAsync("divide", new() { ["session_id"] = sessionId, ["project_root"] = root }, Ct);
        var dividedAgain = await client.CallOkAsync("divide", new() { ["session_id"] = sessionId, ["project_root"] = root }, Ct);

        Assert.Equal(1, plannersAfterRepeat);
        Assert.Equal(2, plannersAfterFeedback);
        Assert.Equal(3, plannersAfterRefine);
        Assert.Equal(planned.GetProperty("plan").GetString(), again.GetProperty("plan").GetString());
        Assert.Equal(["token refresh is unclear"], again.GetProperty("gaps").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal(["Which provider first?"], again.GetProperty("open_questions").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal("stored", again.GetProperty("planner_model").GetString());
        Assert.Single(factory.Runner.JobsFor(AgentRole.Divider));
        Assert.Equal(divided.GetProperty("chunks").GetRawText(), dividedAgain.GetProperty("chunks").GetRawText());
        Assert.Equal(divided.GetProperty("order").GetRawText(), dividedAgain.GetProperty("order").GetRawText());
    }
}
