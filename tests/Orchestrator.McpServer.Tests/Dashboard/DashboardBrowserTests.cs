using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.McpServer.Tests.Http;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Dashboard;

/// <summary>The dashboard in a real browser while a scripted build runs: chunks change state on the page without a reload.</summary>
public sealed class DashboardBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_page_follows_a_scripted_build_live_and_shows_logs_and_the_result()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await HttpTestServer.StartAsync(repo.Root, cancellationToken: Ct);
        await using (var client = await server.ConnectAsync("2025-11-25", cancellationToken: Ct))
        {
            await client.CallOkAsync("session_start", new() { ["description"] = "Add a report page" }, Ct);
        }

        await using var build = ScriptedBuild.Start(repo.Root, server: server.Services);
        await build.ApiRunningAsync();
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

        await page.GotoAsync(server.BaseAddress.ToString());
        // The page picks the running run by itself; api is held by the script, ui waits for it.
        await page.Locator("[data-chunk='api'][data-state='running']").WaitForAsync();
        await page.Locator("[data-chunk='ui'][data-state='pending']").WaitForAsync();
        await page.Locator(".session", new() { HasText = "Add a report page" }).WaitForAsync();
        // While api runs: its log tails live, and the run can be cancelled from the page.
        await page.Locator("[data-tail='api-1.log']").ClickAsync();
        await page.Locator("#viewer-title", new() { HasText = "Live log api-1.log" }).WaitForAsync();
        await page.Locator("#viewer-body", new() { HasText = "raw agent output for api attempt 1" }).WaitForAsync();
        var cancelOffered = await page.Locator("#cancel-button").IsVisibleAsync();
        var runningShot = await browser.ScreenshotAsync("dashboard-running");

        build.ReleaseApi();
        await page.Locator("[data-chunk='api'][data-state='succeeded']").WaitForAsync();
        await page.Locator("[data-chunk='ui'][data-state='succeeded']").WaitForAsync();
        await page.Locator("#run-meta [data-state='completed']").WaitForAsync();
        var uiCard = await page.Locator("[data-chunk='ui']").InnerTextAsync();

        await page.Locator("button[data-log='api-1.log']").ClickAsync();
        await page.Locator("#viewer-body", new() { HasText = "raw agent output for api attempt 1" }).WaitForAsync();
        await page.Locator("#result-button").ClickAsync();
        await page.Locator("#viewer-body", new() { HasText = "\"perChunk\"" }).WaitForAsync();
        var finalShot = await browser.ScreenshotAsync("dashboard-finished");
        TestContext.Current.TestOutputHelper?.WriteLine($"dashboard screenshots: {runningShot} {finalShot}");
        Console.WriteLine($"dashboard screenshots: {runningShot} {finalShot}");

        Assert.True(cancelOffered, "a running run offers Cancel");
        Assert.Contains("Name the magic number", uiCard);
        Assert.Contains("$0.50", uiCard);
        Assert.Contains("tier sonnet", uiCard);
        Assert.True(new FileInfo(finalShot).Length > 5_000, "the screenshot should hold a rendered page");
        Assert.Empty(consoleErrors);
        Assert.Equal("live", await page.Locator("#connection").GetAttributeAsync("data-state"));
    }

    [Fact]
    public async Task With_a_token_the_page_asks_for_it_and_then_shows_the_data()
    {
        using var repo = TempGitRepository.Create();
        const string Token = "browser-token-1b2c3d4e5f";
        await using var server = await HttpTestServer.StartAsync(repo.Root, HttpTestServer.LoopbackOptions(Token), Ct);
        await using var build = ScriptedBuild.Start(repo.Root, "run-token-1", server.Services);
        build.ReleaseApi();
        await build.Completion;
        await using var browser = await DashboardBrowser.LaunchAsync();
        var page = browser.Page;

        await page.GotoAsync(server.BaseAddress.ToString());
        await page.Locator("#token-panel:not([hidden])").WaitForAsync();
        var chunksBeforeToken = await page.Locator("[data-chunk]").CountAsync();
        await page.Locator("#token-input").FillAsync(Token);
        await page.Locator("#token-form button[type=submit]").ClickAsync();
        await page.Locator("[data-chunk='ui'][data-state='succeeded']").WaitForAsync();

        Assert.Equal(0, chunksBeforeToken);
        Assert.True(await page.Locator("#token-panel").IsHiddenAsync());
        Assert.Equal("live", await page.Locator("#connection").GetAttributeAsync("data-state"));
    }

    [Fact]
    public async Task Gates_are_approved_on_the_page_and_the_build_they_release_shows_up_live()
    {
        using var repo = TempGitRepository.Create();
        var factory = new ScriptedEnvironmentFactory(PhaseFlow.ScriptedAgents());
        await using var server = await HttpTestServer.StartAsync(repo.Root, cancellationToken: Ct,
            configureServices: factory.AddTo);
        await using var client = await server.ConnectAsync("2025-11-25", cancellationToken: Ct);
        var sessionId = await DashboardGateTests.OpenPlanGateAsync(client, repo.Root);
        await using var browser = await DashboardBrowser.LaunchAsync();
        var page = browser.Page;
        var session = $"[data-session='{sessionId}']";

        await page.GotoAsync(server.BaseAddress.ToString());
        await page.Locator($"{session} [data-gate='plan'] input").FillAsync("looks right");
        await page.Locator($"{session} [data-gate='plan'] button[data-decision='approve']").ClickAsync();
        await page.Locator($"{session} [data-gate='plan'] .pill[data-state='approved']").WaitForAsync();
        await client.CallOkAsync("divide", new() { ["session_id"] = sessionId, ["chunks"] = PhaseFlow.TwoChunks(), ["project_root"] = repo.Root }, Ct);
        await page.Locator($"{session} [data-gate='build'] button[data-decision='approve']").ClickAsync();
        await page.Locator($"{session} [data-gate='build'] .pill[data-state='approved']").WaitForAsync();
        var start = await client.CallOkAsync("build_start", new() { ["session_id"] = sessionId, ["runner"] = "claude", ["isolation"] = "shared", ["project_root"] = repo.Root }, Ct);
        var runId = start.GetProperty("run_id").GetString()!;
        await page.Locator($"[data-run='{runId}']").WaitForAsync();
        await page.Locator($"[data-run='{runId}'] button").ClickAsync();
        await page.Locator("[data-chunk='c2'][data-state='succeeded']").WaitForAsync();
        var shot = await browser.ScreenshotAsync("dashboard-gates");
        TestContext.Current.TestOutputHelper?.WriteLine($"dashboard screenshot: {shot}");
        Console.WriteLine($"dashboard screenshot: {shot}");
        var status = await client.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);

        var gates = status.GetProperty("gates");
        Assert.Equal("approved", gates.GetProperty("plan").GetProperty("status").GetString());
        Assert.Equal("user (dashboard)", gates.GetProperty("plan").GetProperty("decided_by").GetString());
        Assert.Equal("looks right", gates.GetProperty("plan").GetProperty("note").GetString());
        Assert.Equal("approved", gates.GetProperty("build").GetProperty("status").GetString());
        Assert.Equal("user (dashboard)", gates.GetProperty("build").GetProperty("decided_by").GetString());
        Assert.Equal(runId, status.GetProperty("runs")[0].GetProperty("run_id").GetString());
        Assert.True(File.Exists(shot));
    }
}
