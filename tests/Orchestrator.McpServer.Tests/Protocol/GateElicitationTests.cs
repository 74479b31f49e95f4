using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Protocol;

/// <summary>The approve tool asks the user through elicitation when the client can show a form.</summary>
public sealed class GateElicitationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> ProtocolVersions => ["2025-11-25", "2026-07-28"];

    [Theory]
    [MemberData(nameof(ProtocolVersions))]
    public async Task The_users_answer_in_the_form_is_recorded_as_decided_by_user(string protocolVersion)
    {
        using var repo = TempGitRepository.Create();
        var asked = new List<ElicitRequestParams>();
        await using var server = await PhaseFlow.StartAsync(protocolVersion, new ScriptedEnvironmentFactory(PhaseFlow.ScriptedAgents()), Ct,
            options => Answer(options, asked, request => new ElicitResult
            {
                Action = "accept",
                Content = new Dictionary<string, JsonElement>
                {
                    ["decision"] = JsonSerializer.SerializeToElement("refine"),
                    ["note"] = JsonSerializer.SerializeToElement("Split login and logout"),
                },
            }));
        var sessionId = await PlanAsync(server.Client, repo.Root);

        // The model passes "approve", but the user chose "refine" in the form: the user's answer is what counts.
        var decided = await server.Client.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "plan", ["decision"] = "approve", ["project_root"] = repo.Root }, Ct);
        var status = await server.Client.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);

        var form = Assert.Single(asked);
        Assert.Contains("Approve the plan", form.Message);
        Assert.Contains("Add the login form", form.Message);
        Assert.Equal("user", decided.GetProperty("decided_by").GetString());
        Assert.Equal("refine", decided.GetProperty("decision").GetString());
        Assert.Equal("Split login and logout", decided.GetProperty("note").GetString());
        var gate = status.GetProperty("gates").GetProperty("plan");
        Assert.Equal("declined", gate.GetProperty("status").GetString());
        Assert.Equal("user", gate.GetProperty("decided_by").GetString());
    }

    [Theory]
    [MemberData(nameof(ProtocolVersions))]
    public async Task A_declined_form_leaves_the_gate_open_and_nothing_advances(string protocolVersion)
    {
        using var repo = TempGitRepository.Create();
        var asked = new List<ElicitRequestParams>();
        await using var server = await PhaseFlow.StartAsync(protocolVersion, new ScriptedEnvironmentFactory(PhaseFlow.ScriptedAgents()), Ct,
            options => Answer(options, asked, _ => new ElicitResult { Action = "decline" }));
        var sessionId = await PlanAsync(server.Client, repo.Root);

        var refused = await server.Client.CallErrorAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "plan", ["decision"] = "approve", ["project_root"] = repo.Root }, Ct);
        var divide = await server.Client.CallErrorAsync("divide", new() { ["session_id"] = sessionId, ["chunks"] = PhaseFlow.TwoChunks(), ["project_root"] = repo.Root }, Ct);
        var status = await server.Client.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);

        Assert.Single(asked);
        Assert.Contains("did not decide the plan gate", refused);
        Assert.Contains("stays open", refused);
        Assert.Contains("plan gate", divide);
        var gate = status.GetProperty("gates").GetProperty("plan");
        Assert.Equal("open", gate.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, gate.GetProperty("decided_by").ValueKind);
    }

    [Fact]
    public async Task The_build_gate_form_shows_the_chunks_and_offers_adjusting_them()
    {
        using var repo = TempGitRepository.Create();
        var asked = new List<ElicitRequestParams>();
        await using var server = await PhaseFlow.StartAsync("2025-11-25", new ScriptedEnvironmentFactory(PhaseFlow.ScriptedAgents()), Ct,
            options => Answer(options, asked, request => new ElicitResult
            {
                Action = "accept",
                Content = new Dictionary<string, JsonElement> { ["decision"] = JsonSerializer.SerializeToElement("approve") },
            }));

        var sessionId = await PhaseFlow.ToApprovedBuildAsync(server.Client, repo.Root, PhaseFlow.TwoChunks(), Ct);
        var status = await server.Client.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);

        Assert.Equal(2, asked.Count);
        var build = asked[1];
        Assert.Contains("This spends money", build.Message);
        Assert.Contains("- c1 [haiku] add a (src/a.cs)", build.Message);
        Assert.Contains("- c2 [sonnet] add b using a (src/b.cs)", build.Message);
        var decision = Assert.IsType<ElicitRequestParams.TitledSingleSelectEnumSchema>(build.RequestedSchema!.Properties["decision"]);
        Assert.Equal(["approve", "refine", "stop"], decision.OneOf.Select(o => o.Const));
        Assert.Contains("Adjust", decision.OneOf[1].Title);
        Assert.Equal("user", status.GetProperty("gates").GetProperty("build").GetProperty("decided_by").GetString());
        Assert.Equal("approved", status.GetProperty("gates").GetProperty("build").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Without_elicitation_the_callers_decision_is_recorded_as_decided_by_client()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await PhaseFlow.StartAsync("2025-11-25", new ScriptedEnvironmentFactory(PhaseFlow.ScriptedAgents()), Ct);
        var sessionId = await PlanAsync(server.Client, repo.Root);

        var stopped = await server.Client.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "plan", ["decision"] = "stop", ["note"] = "not now", ["project_root"] = repo.Root }, Ct);
        var divide = await server.Client.CallErrorAsync("divide", new() { ["session_id"] = sessionId, ["chunks"] = PhaseFlow.TwoChunks(), ["project_root"] = repo.Root }, Ct);
        var status = await server.Client.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);

        Assert.Equal("client", stopped.GetProperty("decided_by").GetString());
        Assert.Equal("stop", stopped.GetProperty("decision").GetString());
        Assert.Contains("was stop (note: not now)", divide);
        Assert.Equal("declined", status.GetProperty("gates").GetProperty("plan").GetProperty("status").GetString());
        Assert.Equal("client", status.GetProperty("gates").GetProperty("plan").GetProperty("decided_by").GetString());
    }

    private static void Answer(McpClientOptions options, List<ElicitRequestParams> asked, Func<ElicitRequestParams, ElicitResult> answer)
    {
        options.Capabilities = new ClientCapabilities { Elicitation = new ElicitationCapability { Form = new() } };
        options.Handlers.ElicitationHandler = (request, _) =>
        {
            lock (asked)
            {
                asked.Add(request!);
            }

            return ValueTask.FromResult(answer(request!));
        };
    }

    private static async Task<string> PlanAsync(McpClient client, string root)
    {
        var sessionId = await PhaseFlow.StartSessionAsync(client, root, Ct);
        await client.CallOkAsync("plan", new() { ["session_id"] = sessionId, ["plan"] = "# Plan\nAdd the login form.", ["project_root"] = root }, Ct);
        return sessionId;
    }
}
