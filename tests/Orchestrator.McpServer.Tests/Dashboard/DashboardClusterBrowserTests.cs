using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Common;
using Orchestrator.Core.Sessions;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.McpServer.Tests.Http;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Dashboard;

/// <summary>
/// Cluster mode made visible: while a run runs, the board its coordinator writes (cluster.json: workers, their host and
/// load, where each attempt runs, what waits for capacity) shows in the dashboard, in build_status and in session_status;
/// once it ended, the attempts table says which worker ran each attempt (from the journal).
/// </summary>
public sealed class DashboardClusterBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Workers_their_load_where_attempts_run_and_the_wait_for_capacity_show_on_the_page_and_in_the_tools()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await HttpTestServer.StartAsync(repo.Root, cancellationToken: Ct);
        await using var client = await server.ConnectAsync("2025-11-25", cancellationToken: Ct);
        var sessionId = (await client.CallOkAsync("session_start", new() { ["description"] = "Add a report page" }, Ct)).GetProperty("session_id").GetString()!;
        await using var build = ScriptedBuild.Start(repo.Root, "run-cluster-1", server.Services, worker: "w1");
        var project = new ProjectContext(repo.Root, repo.Root, Path.Combine(repo.Root, ".git"));
        // As build_start does: the session lists its run (session_status summarises each one).
        var listed = await server.Services.GetRequiredService<SessionWriter>()
            .UpdateAsync(project, sessionId, s => Outcome<SessionState>.Success(s with { Runs = [.. s.Runs, build.RunId] }), Ct);
        Assert.True(listed.Succeeded);
        await build.ApiRunningAsync();
        // What the run's coordinator writes while api's executor runs on w1 and another attempt finds no free worker
        // (w1 is full; w2 lacks the claude CLI).
        var since = DateTimeOffset.UtcNow;
        ClusterBoardFile.Write(build.RunDirectory, new ClusterBoardView(
            [
                new WorkerView("w1", "10.0.0.7:11111@1", 1, 1, ["claude", "command"], new Dictionary<string, string> { ["os"] = "linux" }, "build-host-1"),
                new WorkerView("w2", "10.0.0.8:11111@1", 2, 0, ["codex", "command"], new Dictionary<string, string>(), "build-host-2"),
            ],
            [
                new RemoteAttemptView("job-1", build.RunId, "api", AgentRole.Executor, 1, "w1", "running", since, []),
                new RemoteAttemptView("job-2", build.RunId, "ui", AgentRole.Executor, 1, null, "waiting", since, ["w3"]),
            ],
            null));

        var status = await client.CallOkAsync("build_status", new() { ["run_id"] = build.RunId }, Ct);
        var sessionLine = (await client.CallOkAsync("session_status", new() { ["session_id"] = sessionId }, Ct)).GetProperty("runs")[0].GetProperty("cluster").GetString();
        await using var browser = await DashboardBrowser.LaunchAsync();
        var page = browser.Page;
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };

        await page.GotoAsync(server.BaseAddress + "#run=" + build.RunId);
        await page.Locator("#cluster-section:not([hidden]) [data-worker='w1']").WaitForAsync();
        var w1 = await page.Locator("[data-worker='w1']").InnerTextAsync();
        var w2 = await page.Locator("[data-worker='w2']").InnerTextAsync();
        var waiting = await page.Locator("#cluster-waiting").InnerTextAsync();
        var apiWhere = await page.Locator("[data-remote-attempt='api-1']").InnerTextAsync();
        var uiWhere = await page.Locator("[data-remote-attempt='ui-1']").InnerTextAsync();
        var runningShot = await browser.ScreenshotAsync("dashboard-cluster-running");

        // A worker's load changes without a journal event: the page follows the board.
        ClusterBoardFile.Write(build.RunDirectory, new ClusterBoardView(
            [new WorkerView("w1", "10.0.0.7:11111@1", 1, 0, ["claude", "command"], new Dictionary<string, string> { ["os"] = "linux" }, "build-host-1")], [], null));
        await page.Locator("[data-worker='w1']", new() { HasText = "0/1 agents" }).WaitForAsync();
        var waitingGone = await page.Locator("#cluster-waiting").CountAsync();

        build.ReleaseApi();
        await build.Completion;
        await page.Locator("#run-meta [data-state='completed']").WaitForAsync();
        await page.Locator("[data-attempt-worker='w1']").First.WaitForAsync();
        var workerCells = await page.Locator("[data-attempt-worker]").AllInnerTextsAsync();
        var clusterHidden = await page.Locator("#cluster-section").IsHiddenAsync();
        var finishedShot = await browser.ScreenshotAsync("dashboard-cluster-finished");
        TestContext.Current.TestOutputHelper?.WriteLine($"dashboard screenshots: {runningShot} {finishedShot}");

        // build_status: workers with host and load, where each attempt runs, how many wait.
        var cluster = status.GetProperty("cluster");
        Assert.Equal(1, cluster.GetProperty("waiting_for_capacity").GetInt32());
        var worker1 = cluster.GetProperty("workers").EnumerateArray().Single(w => w.GetProperty("name").GetString() == "w1");
        Assert.Equal("build-host-1", worker1.GetProperty("host").GetString());
        Assert.Equal(1, worker1.GetProperty("running").GetInt32());
        Assert.Equal(1, worker1.GetProperty("max_agents").GetInt32());
        Assert.Contains(cluster.GetProperty("attempts").EnumerateArray(), a => a.GetProperty("chunk_id").GetString() == "api" && a.GetProperty("worker").GetString() == "w1");
        // session_status: the same in one line.
        Assert.Equal("w1 1/1, w2 0/2; api executor on w1; 1 waiting for capacity", sessionLine);
        // The page.
        Assert.Contains("build-host-1", w1);
        Assert.Contains("1/1 agents", w1);
        Assert.Contains("os=linux", w1);
        Assert.Contains("0/2 agents", w2);
        Assert.Contains("codex", w2);
        Assert.Contains("1 attempt(s) waiting for a free cluster worker", waiting);
        Assert.Contains("on w1", apiWhere);
        Assert.Contains("waiting for a free worker", uiWhere);
        Assert.Contains("losing w3", uiWhere);
        Assert.Equal(0, waitingGone);
        // Finished: the board is history and hidden; every attempt names the worker that ran it.
        Assert.True(clusterHidden);
        Assert.True(workerCells.Count >= 3, string.Join(", ", workerCells));
        Assert.All(workerCells, cell => Assert.Equal("w1", cell));
        Assert.Empty(consoleErrors);
    }
}
