using ModelContextProtocol.Protocol;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Protocol;

/// <summary>The workflow prompts and argument completion through the SDK's real client.</summary>
public sealed class PromptsProtocolTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> ProtocolVersions => ["2025-11-25", "2026-07-28"];

    [Theory]
    [MemberData(nameof(ProtocolVersions))]
    public async Task Prompts_list_names_the_six_workflow_prompts(string protocolVersion)
    {
        await using var server = await InMemoryMcpServer.StartAsync(protocolVersion, cancellationToken: Ct);

        var prompts = await server.Client.ListPromptsAsync(cancellationToken: Ct);

        Assert.Equal(["build", "close", "divide", "orchestrate", "plan", "spec"], prompts.Select(p => p.Name).Order());
        Assert.All(prompts, p => Assert.False(string.IsNullOrWhiteSpace(p.Description)));
        var build = prompts.Single(p => p.Name == "build");
        Assert.Contains(build.ProtocolPrompt.Arguments!, a => a.Name == "session_id" && a.Required is not true);
        Assert.Contains(build.ProtocolPrompt.Arguments!, a => a.Name == "runner");
    }

    [Fact]
    public async Task Orchestrate_walks_the_whole_flow_with_both_gates_the_concerns_decision_and_the_host_runner()
    {
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", cancellationToken: Ct);

        var text = await PromptTextAsync(server, "orchestrate", new() { ["description"] = "Add OAuth login" });

        Assert.Contains("\"Add OAuth login\"", text);
        string[] inOrder =
        [
            "`session_start(description)`", "`spec(session_id)`", "`plan(session_id)`", "gate: \"plan\"", "`divide(session_id)`",
            "gate: \"build\"", "`build_start(session_id)`", "`build_status(run_id, wait_seconds: 30", "`agent_job_next(run_id",
            "`agent_job_submit(job_id, output)`", "`build_result(run_id)`", "gate: \"concerns\"", "`close(session_id, dry_run: true)`",
        ];
        var positions = inOrder.Select(s => (s, text.IndexOf(s, StringComparison.Ordinal))).ToList();
        Assert.All(positions, p => Assert.True(p.Item2 >= 0, $"orchestrate does not mention {p.s}"));
        Assert.Equal(positions.Select(p => p.Item2).Order(), positions.Select(p => p.Item2));
        Assert.Contains("\"address\"", text);
        Assert.Contains("\"defer\"", text);
        Assert.Contains("elicitation", text);
        Assert.Contains("Never call `approve` with a decision the user has not given you", text);
        Assert.Contains("never one long call", text, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("spec", "`spec(session_id)`", "`plan`")]
    [InlineData("plan", "`plan(session_id)`", "`approve(session_id, gate: \"plan\"")]
    [InlineData("divide", "`divide(session_id)`", "`approve(session_id, gate: \"build\"")]
    [InlineData("build", "`build_start(session_id)`", "`build_status(run_id")]
    [InlineData("close", "`close(session_id, dry_run: true)`", "gate: \"concerns\"")]
    public async Task Each_phase_prompt_names_its_tools_and_the_session(string prompt, string tool, string alsoMentions)
    {
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", cancellationToken: Ct);

        var text = await PromptTextAsync(server, prompt, new() { ["session_id"] = "20261121-0930-oauth" });

        Assert.Contains(tool, text);
        Assert.Contains(alsoMentions, text);
        Assert.Contains("`session_status(session_id: \"20261121-0930-oauth\")`", text);
    }

    [Fact]
    public async Task The_build_prompt_for_a_cli_runner_leaves_out_the_host_loop()
    {
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", cancellationToken: Ct);

        var codex = await PromptTextAsync(server, "build", new() { ["runner"] = "codex" });
        var host = await PromptTextAsync(server, "build", new() { ["runner"] = "host" });

        Assert.Contains("runner: \"codex\"", codex);
        Assert.DoesNotContain("agent_job_next", codex);
        Assert.Contains("agent_job_next", host);
    }

    [Fact]
    public async Task Completion_offers_the_repositorys_session_ids_run_ids_and_fixed_values()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", projectDirectory: repo.Root, cancellationToken: Ct);
        var first = (await server.Client.CallOkAsync("session_start", new() { ["description"] = "Add OAuth login" }, Ct)).GetProperty("session_id").GetString()!;
        var second = (await server.Client.CallOkAsync("session_start", new() { ["description"] = "Dark mode", ["new"] = true }, Ct)).GetProperty("session_id").GetString()!;
        Directory.CreateDirectory(Path.Combine(repo.Root, ".orchestrator", "runs", "run-abc"));

        var all = await server.Client.CompleteAsync(new PromptReference { Name = "plan" }, "session_id", "", cancellationToken: Ct);
        var filtered = await server.Client.CompleteAsync(new PromptReference { Name = "close" }, "session_id", second[..^2], cancellationToken: Ct);
        var runner = await server.Client.CompleteAsync(new PromptReference { Name = "build" }, "runner", "c", cancellationToken: Ct);
        var runIds = await server.Client.CompleteAsync(new ResourceTemplateReference { Uri = "orchestrator://runs/{run_id}/result" }, "run_id", "run-", cancellationToken: Ct);
        var sessionsOfTemplate = await server.Client.CompleteAsync(new ResourceTemplateReference { Uri = "orchestrator://sessions/{session_id}/plan" }, "session_id", "", cancellationToken: Ct);

        Assert.Equal(new[] { first, second }.Order(), all.Completion.Values.Order());
        Assert.Equal([second], filtered.Completion.Values);
        Assert.Equal(["claude", "codex", "command"], runner.Completion.Values);
        Assert.Equal(["run-abc"], runIds.Completion.Values);
        Assert.Equal(2, sessionsOfTemplate.Completion.Values.Count);
    }

    private static async Task<string> PromptTextAsync(InMemoryMcpServer server, string name, Dictionary<string, object?> arguments)
    {
        var result = await server.Client.GetPromptAsync(name, arguments, cancellationToken: Ct);
        var message = Assert.Single(result.Messages);
        Assert.Equal(Role.User, message.Role);
        return Assert.IsType<TextContentBlock>(message.Content).Text;
    }
}
