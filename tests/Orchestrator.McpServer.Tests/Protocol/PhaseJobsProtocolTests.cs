using System.Text.Json;
using ModelContextProtocol.Client;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Git;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Sessions;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Protocol;

/// <summary>
/// spec / plan / divide agents run as server-owned jobs: a call waits at most wait_seconds and answers status "running";
/// a later call with just session_id waits again and collects the result. Slow agents are held on gates the test releases.
/// </summary>
public sealed class PhaseJobsProtocolTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_slow_spec_returns_running_and_later_calls_wait_for_the_same_job_and_get_the_merged_spec()
    {
        using var repo = TempGitRepository.Create();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var factory = new ScriptedEnvironmentFactory(new ScriptedAgentRunner().When(j => j.Role == AgentRole.Researcher, PhaseFlow.Research().After(release.Task)));
        await using var server = await PhaseFlow.StartAsync("2025-11-25", factory, Ct);
        var client = server.Client;
        var sessionId = await PhaseFlow.StartSessionAsync(client, repo.Root, Ct);

        var first = await client.CallToolAsync("spec", new Dictionary<string, object?> { ["session_id"] = sessionId, ["wait_seconds"] = 1, ["project_root"] = repo.Root }, cancellationToken: Ct);
        var running = JsonSerializer.SerializeToElement(first.StructuredContent);
        Assert.True(first.IsError is not true, ToolCalls.TextOf(first));
        Assert.Equal("running", running.GetProperty("status").GetString());
        Assert.Contains("Call spec again with just session_id", ToolCalls.TextOf(first));
        Assert.False(File.Exists(SpecPath(repo, sessionId)));

        // Two more calls while the researchers are held: both attach to the running job (each hears its last progress at once).
        var progressA = new ProgressRecorder();
        var progressB = new ProgressRecorder();
        var waitingA = CallAsync(client, "spec", sessionId, repo, progressA);
        var waitingB = CallAsync(client, "spec", sessionId, repo, progressB);
        Assert.True(SpinWait.SpinUntil(() => !progressA.Values.IsEmpty && !progressB.Values.IsEmpty, Patience), "the waiting calls never attached to the job");
        release.SetResult();
        var a = await waitingA;
        var b = await waitingB;

        Assert.Equal("done", a.GetProperty("status").GetString());
        Assert.Contains("src/Auth/Login.cs:12: entry point", a.GetProperty("rough_spec").GetString());
        Assert.Equal(a.GetProperty("rough_spec").GetString(), b.GetProperty("rough_spec").GetString());
        Assert.Contains("research: 0/2 angles done", progressA.Values.Select(v => v.Message));
        Assert.Equal(2, factory.Runner.JobsFor(AgentRole.Researcher).Count);
        Assert.Equal(a.GetProperty("rough_spec").GetString(), File.ReadAllText(SpecPath(repo, sessionId)));
    }

    [Fact]
    public async Task The_spec_is_written_even_when_no_caller_waits_and_the_next_call_collects_it_without_new_agents()
    {
        using var repo = TempGitRepository.Create();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var factory = new ScriptedEnvironmentFactory(new ScriptedAgentRunner().When(j => j.Role == AgentRole.Researcher, PhaseFlow.Research().After(release.Task)));
        await using var server = await PhaseFlow.StartAsync("2025-11-25", factory, Ct);
        var client = server.Client;
        var sessionId = await PhaseFlow.StartSessionAsync(client, repo.Root, Ct);

        var running = await client.CallOkAsync("spec", new() { ["session_id"] = sessionId, ["wait_seconds"] = 0, ["project_root"] = repo.Root }, Ct);
        Assert.Equal("running", running.GetProperty("status").GetString());
        var job = Assert.IsType<PhaseJob<SpecResult>>(server.Services.GetRequiredService<PhaseJobRegistry>().RunningFor(await ProjectAsync(server, repo), sessionId));
        await factory.Runner.WaitForJobAsync(j => j.Role == AgentRole.Researcher).WaitAsync(Patience, Ct);
        release.SetResult();

        // The job ends once spec.md and STATE.md are written, with nobody waiting for it.
        await job.Completion.WaitAsync(Patience, Ct);
        Assert.True(File.Exists(SpecPath(repo, sessionId)), "spec.md was not written");
        var status = await client.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);
        Assert.Equal("spec", status.GetProperty("phase").GetString());
        var collected = await client.CallOkAsync("spec", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);
        Assert.Equal("done", collected.GetProperty("status").GetString());
        Assert.Contains("Login lives in src/Auth/Login.cs:12", collected.GetProperty("rough_spec").GetString());
        Assert.Equal(2, factory.Runner.JobsFor(AgentRole.Researcher).Count);
    }

    [Fact]
    public async Task A_failed_spec_job_is_reported_with_its_reason_on_the_next_call()
    {
        using var repo = TempGitRepository.Create();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var factory = new ScriptedEnvironmentFactory(new ScriptedAgentRunner().When(j => j.Role == AgentRole.Researcher, ScriptedStep.Fail("model overloaded").After(release.Task)));
        await using var server = await PhaseFlow.StartAsync("2025-11-25", factory, Ct);
        var client = server.Client;
        var sessionId = await PhaseFlow.StartSessionAsync(client, repo.Root, Ct);

        var running = await client.CallOkAsync("spec", new() { ["session_id"] = sessionId, ["wait_seconds"] = 1, ["project_root"] = repo.Root }, Ct);
        Assert.Equal("running", running.GetProperty("status").GetString());
        var registry = server.Services.GetRequiredService<PhaseJobRegistry>();
        var job = Assert.IsType<PhaseJob<SpecResult>>(registry.RunningFor(await ProjectAsync(server, repo), sessionId));
        release.SetResult();
        await job.Completion.WaitAsync(Patience, Ct);

        var error = await client.CallErrorAsync("spec", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);

        Assert.Contains("Every research agent failed", error);
        Assert.Contains("model overloaded", error);
        Assert.Equal(2, factory.Runner.JobsFor(AgentRole.Researcher).Count);
        Assert.False(File.Exists(SpecPath(repo, sessionId)));
    }

    [Fact]
    public async Task A_slow_plan_returns_running_refuses_other_work_meanwhile_and_returns_the_plan_on_the_next_call()
    {
        using var repo = TempGitRepository.Create();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var factory = new ScriptedEnvironmentFactory(new ScriptedAgentRunner().When(j => j.Role == AgentRole.Planner, PhaseFlow.Planning().After(release.Task)));
        await using var server = await PhaseFlow.StartAsync("2025-11-25", factory, Ct);
        var client = server.Client;
        var sessionId = await PhaseFlow.StartSessionAsync(client, repo.Root, Ct);
        await client.CallOkAsync("spec", new() { ["session_id"] = sessionId, ["findings"] = "Greeting lives in src/.", ["project_root"] = repo.Root }, Ct);

        var running = await client.CallOkAsync("plan", new() { ["session_id"] = sessionId, ["wait_seconds"] = 1, ["project_root"] = repo.Root }, Ct);
        var otherFeedback = await client.CallErrorAsync("plan", new() { ["session_id"] = sessionId, ["feedback"] = "smaller chunks", ["project_root"] = repo.Root }, Ct);
        var hostPlan = await client.CallErrorAsync("plan", new() { ["session_id"] = sessionId, ["plan"] = "# Mine", ["project_root"] = repo.Root }, Ct);
        var findings = await client.CallErrorAsync("spec", new() { ["session_id"] = sessionId, ["findings"] = "more", ["project_root"] = repo.Root }, Ct);
        var progress = new ProgressRecorder();
        var waiting = CallAsync(client, "plan", sessionId, repo, progress);
        Assert.True(SpinWait.SpinUntil(() => !progress.Values.IsEmpty, Patience), "the waiting call never attached to the plan job");
        release.SetResult();
        var planned = await waiting;
        var status = await client.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);

        Assert.Equal("running", running.GetProperty("status").GetString());
        Assert.Contains("already running", otherFeedback);
        Assert.Contains("call plan with just session_id", otherFeedback);
        Assert.Contains("plan job", hostPlan);
        Assert.Contains("call plan with just session_id", findings);
        Assert.Equal("done", planned.GetProperty("status").GetString());
        Assert.Contains("Add src/b.cs using it", planned.GetProperty("plan").GetString());
        Assert.Equal("plan", planned.GetProperty("gate").GetString());
        Assert.Equal("open", status.GetProperty("gates").GetProperty("plan").GetProperty("status").GetString());
        Assert.Single(factory.Runner.JobsFor(AgentRole.Planner));
        Assert.Contains("plan: the planning agent is working", progress.Values.Select(v => v.Message));
    }

    [Fact]
    public async Task Stopping_the_server_cancels_a_running_phase_job()
    {
        using var repo = TempGitRepository.Create();
        var factory = new ScriptedEnvironmentFactory(new ScriptedAgentRunner().When(j => j.Role == AgentRole.Researcher, ScriptedStep.Hang()));
        var server = await PhaseFlow.StartAsync("2025-11-25", factory, Ct);
        PhaseJob<SpecResult> job;
        await using (server)
        {
            var sessionId = await PhaseFlow.StartSessionAsync(server.Client, repo.Root, Ct);
            var running = await server.Client.CallOkAsync("spec", new() { ["session_id"] = sessionId, ["wait_seconds"] = 0, ["project_root"] = repo.Root }, Ct);
            Assert.Equal("running", running.GetProperty("status").GetString());
            job = Assert.IsType<PhaseJob<SpecResult>>(server.Services.GetRequiredService<PhaseJobRegistry>().RunningFor(await ProjectAsync(server, repo), sessionId));
        }

        var outcome = await job.Completion.WaitAsync(Patience, Ct);
        Assert.False(outcome.Succeeded);
    }

    private static async Task<JsonElement> CallAsync(McpClient client, string tool, string sessionId, TempGitRepository repo, ProgressRecorder progress)
    {
        var result = await progress.CallToolAsync(client, tool, new Dictionary<string, object?> { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);
        Assert.True(result.IsError is not true, ToolCalls.TextOf(result));
        return JsonSerializer.SerializeToElement(result.StructuredContent);
    }

    private static string SpecPath(TempGitRepository repo, string sessionId) =>
        Path.Combine(repo.Root, ".orchestrator", "sessions", sessionId, SessionDocuments.Spec);

    private static async Task<ProjectContext> ProjectAsync(InMemoryMcpServer server, TempGitRepository repo)
    {
        var located = await new ProjectLocator(server.Services.GetRequiredService<IGit>()).LocateAsync(repo.Root, Ct);
        Assert.True(located.Succeeded, located.Error?.Message);
        return located.Value;
    }
}
