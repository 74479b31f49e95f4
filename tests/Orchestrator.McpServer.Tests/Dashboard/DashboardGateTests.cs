using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ModelContextProtocol.Client;
using Orchestrator.McpServer.Dashboard;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.McpServer.Tests.Http;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Dashboard;

/// <summary>Deciding gates from the dashboard: through the Core gate service, once, and only past the origin and token checks.</summary>
public sealed class DashboardGateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_open_gate_is_decided_once_and_recorded_as_the_users_decision()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await HttpTestServer.StartAsync(repo.Root, cancellationToken: Ct);
        await using var client = await server.ConnectAsync("2025-11-25", cancellationToken: Ct);
        var sessionId = await OpenPlanGateAsync(client, repo.Root);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using var approved = await http.SendAsync(Decide(sessionId, "plan", """{"decision":"approve","note":"ship it"}"""), Ct);
        var answer = await approved.Content.ReadAsStringAsync(Ct);
        using var again = await http.SendAsync(Decide(sessionId, "plan", """{"decision":"stop"}"""), Ct);
        using var notOpen = await http.SendAsync(Decide(sessionId, "build", """{"decision":"approve"}"""), Ct);
        var status = await client.CallOkAsync("session_status", new() { ["session_id"] = sessionId }, Ct);

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Contains("\"decided_by\":\"user (dashboard)\"", answer);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already decided", await again.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.Conflict, notOpen.StatusCode);
        var plan = status.GetProperty("gates").GetProperty("plan");
        Assert.Equal("approved", plan.GetProperty("status").GetString());
        Assert.Equal(DashboardEndpoints.DecidedBy, plan.GetProperty("decided_by").GetString());
        Assert.Equal("ship it", plan.GetProperty("note").GetString());
    }

    [Fact]
    public async Task Bad_decisions_foreign_pages_forms_and_missing_tokens_change_nothing()
    {
        using var repo = TempGitRepository.Create();
        const string Token = "gate-token-6f5e4d3c2b1a";
        await using var server = await HttpTestServer.StartAsync(repo.Root, HttpTestServer.LoopbackOptions(Token), Ct);
        await using var client = await server.ConnectAsync("2025-11-25", Token, Ct);
        var sessionId = await OpenPlanGateAsync(client, repo.Root);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using var noToken = await http.SendAsync(Decide(sessionId, "plan", """{"decision":"approve"}"""), Ct);
        using var foreign = await http.SendAsync(Decide(sessionId, "plan", """{"decision":"approve"}""", Token, origin: "http://evil.example"), Ct);
        using var form = Decide(sessionId, "plan", "decision=approve", Token);
        form.Content = new StringContent("decision=approve", Encoding.UTF8, "application/x-www-form-urlencoded");
        using var formAnswer = await http.SendAsync(form, Ct);
        using var unknownDecision = await http.SendAsync(Decide(sessionId, "plan", """{"decision":"yolo"}""", Token), Ct);
        using var unknownGate = await http.SendAsync(Decide(sessionId, "deploy", """{"decision":"approve"}""", Token), Ct);
        using var unknownSession = await http.SendAsync(Decide("20260101-000000-nothing-0000", "plan", """{"decision":"approve"}""", Token), Ct);
        var status = await client.CallOkAsync("session_status", new() { ["session_id"] = sessionId }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, formAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownDecision.StatusCode);
        Assert.Contains("approve, refine, stop", await unknownDecision.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.BadRequest, unknownGate.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownSession.StatusCode);
        Assert.Equal("open", status.GetProperty("gates").GetProperty("plan").GetProperty("status").GetString());
    }

    /// <summary>session_start, host-supplied findings and plan: the plan gate is open (no agents needed).</summary>
    internal static async Task<string> OpenPlanGateAsync(McpClient client, string repoRoot)
    {
        var sessionId = await PhaseFlow.StartSessionAsync(client, repoRoot, Ct);
        await client.CallOkAsync("spec", new() { ["session_id"] = sessionId, ["findings"] = "Greeting code goes in src/.", ["project_root"] = repoRoot }, Ct);
        var plan = await client.CallOkAsync("plan", new() { ["session_id"] = sessionId, ["plan"] = "# Plan\nAdd the files.", ["project_root"] = repoRoot }, Ct);
        Assert.Equal("plan", plan.GetProperty("gate").GetString());
        return sessionId;
    }

    private static HttpRequestMessage Decide(string sessionId, string gate, string json, string? token = null, string? origin = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{sessionId}/gates/{gate}")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return request;
    }
}
