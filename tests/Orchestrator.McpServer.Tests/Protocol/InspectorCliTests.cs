using System.Text.Json;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Protocol;

/// <summary>
/// A third-party client: the MCP Inspector CLI (installed with Node 22 into .tools/inspector by .ci/install-tools.sh)
/// drives the built server over stdio.
/// </summary>
public sealed class InspectorCliTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_inspector_lists_the_tools_prompts_and_resource_templates()
    {
        using var repo = TempGitRepository.Create();

        var tools = await RunInspectorAsync(repo.Root, "--method", "tools/list");
        var prompts = await RunInspectorAsync(repo.Root, "--method", "prompts/list");
        var templates = await RunInspectorAsync(repo.Root, "--method", "resources/templates/list");
        var orchestrate = await RunInspectorAsync(repo.Root, "--method", "prompts/get", "--prompt-name", "orchestrate", "--prompt-args", "description=Add OAuth login");

        var toolNames = Names(tools, "tools", "name");
        Assert.Contains("session_start", toolNames);
        Assert.Contains("session_status", toolNames);
        Assert.Contains("agent_job_next", toolNames);
        Assert.Contains("agent_job_submit", toolNames);
        Assert.Equal(["build", "close", "divide", "orchestrate", "plan", "spec"], Names(prompts, "prompts", "name").Order());
        Assert.Subset(
            Names(templates, "resourceTemplates", "uriTemplate").ToHashSet(),
            new HashSet<string?>
            {
                "orchestrator://runs/{run_id}/events", "orchestrator://runs/{run_id}/result", "orchestrator://sessions/{session_id}/plan",
                "orchestrator://sessions/{session_id}/spec", "orchestrator://sessions/{session_id}/state",
            });
        var text = JsonDocument.Parse(orchestrate).RootElement.GetProperty("messages")[0].GetProperty("content").GetProperty("text").GetString();
        Assert.Contains("\"Add OAuth login\"", text);
        Assert.Contains("`session_start(description)`", text);
    }

    [Fact]
    public async Task The_inspector_calls_session_start_then_session_status()
    {
        using var repo = TempGitRepository.Create();

        var call = await RunInspectorAsync(repo.Root, "--method", "tools/call", "--tool-name", "session_start", "--tool-arg", "description=Add OAuth login");
        var started = JsonDocument.Parse(call).RootElement.GetProperty("structuredContent");
        var sessionId = started.GetProperty("session_id").GetString()!;
        var statusCall = await RunInspectorAsync(repo.Root, "--method", "tools/call", "--tool-name", "session_status", "--tool-arg", $"session_id={sessionId}");
        var latestCall = await RunInspectorAsync(repo.Root, "--method", "tools/call", "--tool-name", "session_status");

        Assert.Equal("wip-add-oauth-login", started.GetProperty("branch").GetString());
        Assert.True(Directory.Exists(started.GetProperty("worktree_path").GetString()));
        var status = JsonDocument.Parse(statusCall).RootElement;
        Assert.False(status.TryGetProperty("isError", out var isError) && isError.GetBoolean(), statusCall);
        var structured = status.GetProperty("structuredContent");
        Assert.Equal(sessionId, structured.GetProperty("session_id").GetString());
        Assert.Equal("started", structured.GetProperty("phase").GetString());
        Assert.Equal("not_opened", structured.GetProperty("gates").GetProperty("plan").GetProperty("status").GetString());
        Assert.Equal(sessionId, JsonDocument.Parse(latestCall).RootElement.GetProperty("structuredContent").GetProperty("session_id").GetString());
    }

    private static List<string?> Names(string json, string list, string property) =>
        JsonDocument.Parse(json).RootElement.GetProperty(list).EnumerateArray().Select(t => t.GetProperty(property).GetString()).ToList();

    private static Task<string> RunInspectorAsync(string project, params string[] method) =>
        InspectorCli.RunAsync(
            ServerExecutable.CommandLine("--project", project, "--log-dir", Path.Combine(Path.GetTempPath(), "orch-test-logs")).Concat(method), Ct);
}
