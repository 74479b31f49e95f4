using System.Net;
using Orchestrator.McpServer.Tests.Http;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Dashboard;

/// <summary>
/// The dashboard serves a file only when its real path lies inside the run's folder: a symlinked <c>logs/</c>,
/// <c>result.json</c>, run folder or <c>.orchestrator/runs</c> (made after the server located the project) is refused.
/// </summary>
public sealed class DashboardSymlinkTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Files_reached_through_symbolic_links_are_never_served()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await HttpTestServer.StartAsync(repo.Root, cancellationToken: Ct);
        await using var build = ScriptedBuild.Start(repo.Root);
        build.ReleaseApi();
        await build.Completion;
        var outside = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(repo.Root)!, "outside")).FullName;
        File.WriteAllText(Path.Combine(outside, "secret.log"), "do not serve me");
        File.WriteAllText(Path.Combine(outside, "result.json"), "{\"secret\": \"do not serve me\"}");
        var runs = Path.Combine(repo.Root, ".orchestrator", "runs");
        var linkedLogs = Directory.CreateDirectory(Path.Combine(runs, "run-linked-logs")).FullName;
        File.Copy(Path.Combine(build.RunDirectory, "events.jsonl"), Path.Combine(linkedLogs, "events.jsonl"));
        Directory.CreateSymbolicLink(Path.Combine(linkedLogs, "logs"), outside);
        File.CreateSymbolicLink(Path.Combine(linkedLogs, "result.json"), Path.Combine(outside, "result.json"));
        Directory.CreateSymbolicLink(Path.Combine(runs, "run-linked-folder"), outside);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var before = await http.GetAsync($"/api/runs/{build.RunId}/logs/api-1.log", Ct);
        var refused = new List<HttpResponseMessage>
        {
            await http.GetAsync("/api/runs/run-linked-logs/logs/secret.log", Ct),
            await http.GetAsync("/api/runs/run-linked-logs/result", Ct),
            await http.GetAsync("/api/runs/run-linked-folder/logs/secret.log", Ct),
            await http.GetAsync("/api/runs/run-linked-folder/result", Ct),
        };

        // .orchestrator/runs swapped for a link after the server located the project.
        var moved = Path.Combine(Path.GetDirectoryName(repo.Root)!, "runs-elsewhere");
        Directory.Move(runs, moved);
        Directory.CreateSymbolicLink(runs, moved);
        refused.Add(await http.GetAsync($"/api/runs/{build.RunId}/logs/api-1.log", Ct));
        refused.Add(await http.GetAsync($"/api/runs/{build.RunId}/result", Ct));
        refused.Add(await http.GetAsync($"/api/runs/{build.RunId}", Ct));

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        foreach (var response in refused)
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("do not serve me", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            Assert.DoesNotContain("raw agent output", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            response.Dispose();
        }

        before.Dispose();
    }
}
