using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Options;
using Orchestrator.Core.Sessions;
using Orchestrator.McpServer.Hosting;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.McpServer.Tests.Http;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Protocol;

/// <summary>
/// The gate policy (issue 13): <c>client</c> lets headless callers pass gates, <c>dashboard</c> sends the decision to
/// the page, <c>user</c> asks by form and, when the form comes back unanswered, names the three ways forward.
/// </summary>
public sealed class GatePolicyProtocolTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_gates_client_the_callers_decision_counts_even_when_the_client_declares_forms()
    {
        using var repo = TempGitRepository.Create();
        var asked = new List<ElicitRequestParams>();
        await using var server = await StartAsync(GateDecider.Client, Answering(asked, "cancel"));
        var sessionId = await PlanAsync(server.Client, repo.Root);

        var decided = await server.Client.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "plan", ["decision"] = "approve", ["project_root"] = repo.Root }, Ct);
        var plan = await RecordedPlanGateAsync(repo.Root, sessionId);

        Assert.Empty(asked);
        Assert.Equal("client", decided.GetProperty("decided_by").GetString());
        Assert.Equal("approved", decided.GetProperty("status").GetString());
        Assert.Equal(("approved", "approve", "client"), (plan.Status, plan.Decision, plan.DecidedBy));
    }

    [Fact]
    public async Task Config_yaml_sets_the_decider_and_the_command_line_wins_over_it()
    {
        using var repo = TempGitRepository.Create();
        Directory.CreateDirectory(Path.Combine(repo.Root, ".orchestrator"));
        await File.WriteAllTextAsync(Path.Combine(repo.Root, ".orchestrator", "config.yaml"), "gates: client\n", Ct);
        var asked = new List<ElicitRequestParams>();
        await using (var configured = await StartAsync(null, Answering(asked, "cancel")))
        {
            var first = await PlanAsync(configured.Client, repo.Root);
            var decided = await configured.Client.CallOkAsync("approve", new() { ["session_id"] = first, ["gate"] = "plan", ["decision"] = "stop", ["project_root"] = repo.Root }, Ct);
            Assert.Equal("client", decided.GetProperty("decided_by").GetString());
            Assert.Empty(asked);
        }

        await using var overridden = await StartAsync(GateDecider.User, Answering(asked, "decline"));
        var second = await PlanAsync(overridden.Client, repo.Root);
        var refused = await overridden.Client.CallErrorAsync("approve", new() { ["session_id"] = second, ["gate"] = "plan", ["decision"] = "approve", ["project_root"] = repo.Root }, Ct);

        Assert.Single(asked);
        Assert.Contains("did not decide the plan gate", refused);
    }

    [Theory]
    [InlineData("cancel")]
    [InlineData("decline")]
    public async Task An_unanswered_form_under_gates_user_names_the_three_ways_forward(string action)
    {
        using var repo = TempGitRepository.Create();
        var asked = new List<ElicitRequestParams>();
        await using var server = await StartAsync(GateDecider.User, Answering(asked, action));
        var sessionId = await PlanAsync(server.Client, repo.Root);

        var refused = await server.Client.CallErrorAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "plan", ["decision"] = "approve", ["project_root"] = repo.Root }, Ct);
        var status = await server.Client.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);

        Assert.Single(asked);
        Assert.Contains($"they chose \"{action}\"", refused);
        Assert.Contains("call approve(gate: \"plan\") again", refused);
        Assert.Contains("--gates dashboard", refused);
        Assert.Contains("--http", refused);
        Assert.Contains("--gates client", refused);
        Assert.Equal("open", status.GetProperty("gates").GetProperty("plan").GetProperty("status").GetString());
    }

    [Fact]
    public async Task With_gates_dashboard_over_stdio_approve_refuses_and_says_how_to_get_the_dashboard()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await StartAsync(GateDecider.Dashboard, configureClient: null);
        var sessionId = await PlanAsync(server.Client, repo.Root);

        var refused = await server.Client.CallErrorAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "plan", ["decision"] = "approve", ["project_root"] = repo.Root }, Ct);
        var status = await server.Client.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);

        Assert.Contains("decided on the dashboard", refused);
        Assert.Contains("--http", refused);
        Assert.Equal("open", status.GetProperty("gates").GetProperty("plan").GetProperty("status").GetString());
    }

    [Fact]
    public async Task With_gates_dashboard_over_http_approve_names_the_page_and_the_page_decides()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await HttpTestServer.StartAsync(repo.Root, cancellationToken: Ct,
            configureServices: services => services.AddSingleton(Settings(repo.Root, GateDecider.Dashboard)));
        await using var client = await server.ConnectAsync("2025-11-25", cancellationToken: Ct);
        var sessionId = await PlanAsync(client, repo.Root);

        var refused = await client.CallErrorAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "plan", ["decision"] = "approve" }, Ct);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{sessionId}/gates/plan")
        {
            Content = new StringContent("""{"decision":"approve"}""", Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        using var decided = await http.SendAsync(request, Ct);
        var plan = await RecordedPlanGateAsync(repo.Root, sessionId);

        Assert.Contains($"open http://127.0.0.1:{server.BaseAddress.Port}/", refused);
        Assert.True(decided.IsSuccessStatusCode, await decided.Content.ReadAsStringAsync(Ct));
        Assert.Equal(("approved", "user (dashboard)"), (plan.Status, plan.DecidedBy));
    }

    [Fact]
    public void The_command_line_accepts_only_the_three_deciders()
    {
        var command = ServerCommandLine.Create();

        Assert.Empty(command.Parse(["--gates", "client"]).Errors);
        Assert.Empty(command.Parse(["--gates", "dashboard"]).Errors);
        Assert.NotEmpty(command.Parse(["--gates", "anyone"]).Errors);
    }

    internal static ServerSettings Settings(string? project, GateDecider? gates) =>
        new(project, LogLevel.Warning, Path.Combine(Path.GetTempPath(), "orch-test-logs"), gates);

    /// <summary>The plan gate as STATE.md records it (read back from the file, not from the server's answer).</summary>
    internal static async Task<GateState> RecordedPlanGateAsync(string root, string sessionId)
    {
        var state = await new SessionStore(Path.Combine(root, ".orchestrator", "sessions")).LoadAsync(sessionId, Ct);
        Assert.True(state.Succeeded, state.Error?.Message);
        return state.Value.Gates.Plan;
    }

    private static Task<InMemoryMcpServer> StartAsync(GateDecider? gates, Action<McpClientOptions>? configureClient) =>
        InMemoryMcpServer.StartAsync("2025-11-25", configureClient: configureClient, cancellationToken: Ct, configureServices: services =>
        {
            services.AddSingleton<IBuildRunEnvironmentFactory>(new ScriptedEnvironmentFactory(PhaseFlow.ScriptedAgents()));
            services.AddSingleton(Settings(null, gates));
        });

    private static Action<McpClientOptions> Answering(List<ElicitRequestParams> asked, string action) => options =>
    {
        options.Capabilities = new ClientCapabilities { Elicitation = new ElicitationCapability { Form = new() } };
        options.Handlers.ElicitationHandler = (request, _) =>
        {
            lock (asked)
            {
                asked.Add(request!);
            }

            return ValueTask.FromResult(new ElicitResult { Action = action });
        };
    };

    private static async Task<string> PlanAsync(McpClient client, string root)
    {
        var started = await client.CallOkAsync("session_start", new() { ["description"] = "Add the login form", ["new"] = true, ["project_root"] = root }, Ct);
        var sessionId = started.GetProperty("session_id").GetString()!;
        await client.CallOkAsync("plan", new() { ["session_id"] = sessionId, ["plan"] = "# Plan\nAdd the login form.", ["project_root"] = root }, Ct);
        return sessionId;
    }
}
