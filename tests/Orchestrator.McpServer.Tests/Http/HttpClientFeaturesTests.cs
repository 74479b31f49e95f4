using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Orchestrator.Core.Build.Runs;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Http;

/// <summary>Asking the client over Streamable HTTP: the gate's elicitation form (both revisions) and the client's roots (sessions).</summary>
public sealed class HttpClientFeaturesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("2025-11-25")]
    [InlineData("2026-07-28")]
    public async Task The_gate_asks_the_user_by_elicitation_in_a_session_and_without_one(string version)
    {
        // 2025-11-25: an elicitation request while approve waits (session); 2026-07-28: an input-required result and a
        // second approve call carrying the answer (served statelessly, no session).
        using var repo = TempGitRepository.Create();
        var asked = new List<ElicitRequestParams>();
        await using var server = await HttpTestServer.StartAsync(repo.Root, cancellationToken: Ct,
            configureServices: services => services.AddSingleton<IBuildRunEnvironmentFactory>(new ScriptedEnvironmentFactory(PhaseFlow.ScriptedAgents())));
        await using var client = await server.ConnectAsync(version, cancellationToken: Ct, configureClient: options => AnswerRefine(options, asked));
        var sessionId = await PhaseFlow.StartSessionAsync(client, repo.Root, Ct);
        await client.CallOkAsync("plan", new() { ["session_id"] = sessionId, ["plan"] = "# Plan\nAdd the login form.", ["project_root"] = repo.Root }, Ct);

        var decided = await client.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "plan", ["decision"] = "approve", ["project_root"] = repo.Root }, Ct);

        var form = Assert.Single(asked);
        Assert.Contains("Add the login form", form.Message);
        Assert.Equal("user", decided.GetProperty("decided_by").GetString());
        Assert.Equal("refine", decided.GetProperty("decision").GetString());
        Assert.Equal("Split login and logout", decided.GetProperty("note").GetString());
    }

    [Fact]
    public async Task A_2025_11_25_session_takes_the_project_from_the_clients_roots()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await HttpTestServer.StartAsync(Path.GetTempPath(), cancellationToken: Ct);
        await using var client = await server.ConnectAsync("2025-11-25", cancellationToken: Ct, configureClient: options =>
        {
#pragma warning disable MCP9005 // roots are deprecated in 2026-07-28 but 2025-11-25 clients use them
            options.Capabilities = new ClientCapabilities { Roots = new RootsCapability() };
            options.Handlers.RootsHandler = (_, _) => ValueTask.FromResult(new ListRootsResult { Roots = [new Root { Uri = new Uri(repo.Root).AbsoluteUri, Name = "repo" }] });
#pragma warning restore MCP9005
        });

        var started = await client.CallOkAsync("session_start", new() { ["description"] = "Dark mode" }, Ct);

        Assert.Equal(repo.Root, started.GetProperty("project_root").GetString());
    }

    private static void AnswerRefine(McpClientOptions options, List<ElicitRequestParams> asked)
    {
        options.Capabilities = new ClientCapabilities { Elicitation = new ElicitationCapability { Form = new() } };
        options.Handlers.ElicitationHandler = (request, _) =>
        {
            lock (asked)
            {
                asked.Add(request!);
            }

            return ValueTask.FromResult(new ElicitResult
            {
                Action = "accept",
                Content = new Dictionary<string, JsonElement>
                {
                    ["decision"] = JsonSerializer.SerializeToElement("refine"),
                    ["note"] = JsonSerializer.SerializeToElement("Split login and logout"),
                },
            });
        };
    }
}
