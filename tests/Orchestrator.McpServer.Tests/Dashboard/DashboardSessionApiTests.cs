using System.Net;
using System.Text;
using System.Text.Json;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.McpServer.Tests.Http;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Dashboard;

/// <summary>The JSON APIs behind the gate views: a session's documents (confined to .orchestrator), run logs, and run control refusals.</summary>
public sealed class DashboardSessionApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Documents_serve_the_spec_plan_and_chunks_and_never_a_file_whose_real_path_is_outside()
    {
        using var repo = TempGitRepository.Create();
        var factory = new ScriptedEnvironmentFactory(PhaseFlow.ScriptedAgents());
        await using var server = await HttpTestServer.StartAsync(repo.Root, cancellationToken: Ct, configureServices: factory.AddTo);
        await using var client = await server.ConnectAsync("2025-11-25", cancellationToken: Ct);
        var sessionId = await PhaseFlow.ToApprovedBuildAsync(client, repo.Root, PhaseFlow.TwoChunks(), Ct);
        var secret = repo.WriteFile("secret.md", "do not serve me");
        var sessionDirectory = Path.Combine(repo.Root, ".orchestrator", "sessions", sessionId);
        File.Delete(Path.Combine(sessionDirectory, "spec.md"));
        File.CreateSymbolicLink(Path.Combine(sessionDirectory, "spec.md"), secret);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using var documents = JsonDocument.Parse(await http.GetStringAsync($"/api/sessions/{sessionId}/documents", Ct));
        var docs = documents.RootElement;
        using var unknown = await http.GetAsync("/api/sessions/20990101-000000-nope-0000/documents", Ct);
        using var traversal = await http.GetAsync("/api/sessions/..%2F..%2F/documents", Ct);
        using var logs = await http.GetAsync("/api/runs/no-such-run/logs", Ct);
        using var formCancel = await http.PostAsync("/api/runs/no-such-run/cancel", new StringContent("x=1", Encoding.UTF8, "application/x-www-form-urlencoded"), Ct);
        using var unknownCancel = await http.PostAsync("/api/runs/no-such-run/cancel", new StringContent("{}", Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(JsonValueKind.Null, docs.GetProperty("spec").ValueKind);
        Assert.DoesNotContain("do not serve me", docs.GetRawText());
        Assert.StartsWith("# Plan", docs.GetProperty("plan").GetString());
        Assert.Equal(["c1", "c2"], docs.GetProperty("chunks").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Equal([1, 2], docs.GetProperty("chunks").EnumerateArray().Select(c => c.GetProperty("wave").GetInt32()));
        Assert.Equal(["c1"], docs.GetProperty("chunks")[1].GetProperty("depends_on").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(JsonValueKind.Null, docs.GetProperty("publish").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, traversal.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, logs.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, formCancel.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownCancel.StatusCode);
    }
}
