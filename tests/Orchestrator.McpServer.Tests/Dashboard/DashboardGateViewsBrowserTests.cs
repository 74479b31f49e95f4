using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.McpServer.Tests.Http;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Dashboard;

/// <summary>
/// With <c>gates: dashboard</c> the user decides on the page, so the page must show what each gate approves: the spec
/// and plan (gaps, open questions) before the plan gate, the chunk table and its dependency graph before the build gate,
/// the files and commit messages before the publish gate; then the close report. A screenshot of each view is saved
/// to the test output folder.
/// </summary>
public sealed class DashboardGateViewsBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_gate_shows_what_it_approves_before_Approve_is_clicked_on_the_page()
    {
        using var repo = TempGitRepository.Create();
        repo.WriteFile(".orchestrator/config.yaml", "gates: dashboard\nclose:\n  review_diff: false\ncommands:\n  test: \"true\"\n");
        var factory = new ScriptedEnvironmentFactory(PhaseFlow.ScriptedAgents());
        await using var server = await HttpTestServer.StartAsync(repo.Root, cancellationToken: Ct, configureServices: factory.AddTo);
        await using var client = await server.ConnectAsync("2025-11-25", cancellationToken: Ct);
        var root = repo.Root;
        var started = await client.CallOkAsync("session_start", new() { ["description"] = "Add a greeting module", ["project_root"] = root, ["new"] = true }, Ct);
        var sessionId = started.GetProperty("session_id").GetString()!;
        var workTree = started.GetProperty("worktree_path").GetString()!;
        var arguments = new Dictionary<string, object?> { ["session_id"] = sessionId, ["project_root"] = root };
        await client.CallOkAsync("spec", new(arguments) { ["findings"] = "Greeting code goes in `src/`; see **Login.cs**.\n<script>alert(1)</script>" }, Ct);
        await client.CallOkAsync("plan", new(arguments)
        {
            ["plan"] = "# Plan\n1. Add `src/a.cs`\n2. Add `src/b.cs` using a\n\n## Gaps\n- No test project yet\n\n## Open questions\n- Which greeting first?\n",
        }, Ct);
        var refusedOverMcp = await client.CallErrorAsync("approve", new(arguments) { ["gate"] = "plan", ["decision"] = "approve" }, Ct);
        await using var browser = await DashboardBrowser.LaunchAsync();
        var page = browser.Page;
        var gates = $"[data-session='{sessionId}']";
        var shots = new List<string>();

        await page.GotoAsync(server.BaseAddress.ToString());
        // Plan gate: the spec and the plan with its gaps and questions are on the page before Approve.
        await page.Locator("#spec-view code", new() { HasText = "src/" }).WaitForAsync();
        await page.Locator("#plan-view li", new() { HasText = "Add src/a.cs" }).WaitForAsync();
        await page.Locator("#plan-gaps li", new() { HasText = "No test project yet" }).WaitForAsync();
        await page.Locator("#plan-questions li", new() { HasText = "Which greeting first?" }).WaitForAsync();
        var scripts = await page.Locator("#spec-view script").CountAsync();
        var specText = await page.Locator("#spec-view").InnerTextAsync();
        shots.Add(await browser.ScreenshotAsync("dashboard-plan-gate"));
        await page.Locator($"{gates} [data-gate='plan'] button[data-decision='approve']").ClickAsync();
        await page.Locator($"{gates} [data-gate='plan'] .pill[data-state='approved']").WaitForAsync();

        // Build gate: the chunk table and the dependency graph are on the page before Approve.
        await client.CallOkAsync("divide", new(arguments) { ["chunks"] = PhaseFlow.TwoChunks() }, Ct);
        await page.Locator("#chunk-table [data-planned-chunk='c2']", new() { HasText = "add b using a" }).WaitForAsync();
        await page.Locator("#chunk-graph [data-node='c1']").WaitForAsync();
        var edges = await page.Locator("#chunk-graph line.edge").CountAsync();
        var c2Row = await page.Locator("#chunk-table [data-planned-chunk='c2']").InnerTextAsync();
        shots.Add(await browser.ScreenshotAsync("dashboard-build-gate"));
        await page.Locator($"{gates} [data-gate='build'] button[data-decision='approve']").ClickAsync();
        await page.Locator($"{gates} [data-gate='build'] .pill[data-state='approved']").WaitForAsync();

        // The run: chunks, their diffs.
        var runId = (await client.CallOkAsync("build_start", new(arguments) { ["runner"] = "claude", ["isolation"] = "shared" }, Ct)).GetProperty("run_id").GetString()!;
        await PhaseFlow.WaitForEndAsync(client, runId, root, Ct);
        Directory.CreateDirectory(Path.Combine(workTree, "src"));
        await File.WriteAllTextAsync(Path.Combine(workTree, "src", "a.cs"), "class A { }\n", Ct);
        await File.WriteAllTextAsync(Path.Combine(workTree, "src", "b.cs"), "class B { A a; }\n", Ct);
        await page.Locator($"[data-run='{runId}'] button").First.ClickAsync();
        await page.Locator("[data-chunk='c2'][data-state='succeeded']").WaitForAsync();
        await page.Locator("[data-diff='c1']").ClickAsync();
        await page.Locator("#viewer-body", new() { HasText = "+class A { }" }).WaitForAsync();
        shots.Add(await browser.ScreenshotAsync("dashboard-run"));

        // Publish gate: close shows the files and commit messages; the user approves them on the page.
        var awaiting = await client.CallOkAsync("close", arguments, Ct);
        await page.Locator("#publish-view .commit-message", new() { HasText = "feat(src): add b using a" }).WaitForAsync();
        await page.Locator("#publish-view code", new() { HasText = "src/b.cs" }).WaitForAsync();
        shots.Add(await browser.ScreenshotAsync("dashboard-publish-gate"));
        await page.Locator($"{gates} [data-gate='publish'] button[data-decision='approve']").ClickAsync();
        await page.Locator($"{gates} [data-gate='publish'] .pill[data-state='approved']").WaitForAsync();
        var closed = await client.CallOkAsync("close", arguments, Ct);
        await page.Locator("#close-view h5", new() { HasText = "Hand-off" }).WaitForAsync();
        shots.Add(await browser.ScreenshotAsync("dashboard-close-report"));
        foreach (var shot in shots)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"dashboard screenshot: {shot}");
            Console.WriteLine($"dashboard screenshot: {shot}");
        }

        Assert.Contains("decided on the dashboard", refusedOverMcp);
        Assert.Equal(0, scripts);
        Assert.Contains("<script>alert(1)</script>", specText);
        Assert.Equal(1, edges);
        Assert.Contains("sonnet", c2Row);
        Assert.Contains("c1", c2Row);
        Assert.Equal("awaiting_approval", awaiting.GetProperty("status").GetString());
        Assert.Equal("committed", closed.GetProperty("commit_status").GetString());
        var status = await client.CallOkAsync("session_status", arguments, Ct);
        Assert.Equal("user (dashboard)", status.GetProperty("gates").GetProperty("plan").GetProperty("decided_by").GetString());
        Assert.Equal("user (dashboard)", status.GetProperty("gates").GetProperty("publish").GetProperty("decided_by").GetString());
        Assert.All(shots, s => Assert.True(new FileInfo(s).Length > 5_000, $"{s} should hold a rendered page"));
    }
}
