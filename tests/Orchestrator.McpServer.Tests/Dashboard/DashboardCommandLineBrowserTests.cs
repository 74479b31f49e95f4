using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.McpServer.Tests.Http;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Dashboard;

/// <summary>
/// The built server started as a user would, <c>--http --gates dashboard</c> on its command line (config.yaml names no
/// gate policy), its agents a command-runner script: the page shows the plan and the chunk table before Approve is
/// clicked; Cancel and Resume on the page stop and continue the run (checked through build_status and the journal);
/// the failures gate the run leaves open shows on the page and in session_status, and is decided there.
/// </summary>
public sealed class DashboardCommandLineBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_gates_dashboard_on_the_command_line_the_page_approves_cancels_resumes_and_shows_the_failures_gate()
    {
        using var repo = TempGitRepository.Create();
        var release = Path.Combine(repo.Root, ".orchestrator", "release-one");
        var config = repo.WriteFile(".orchestrator/config.yaml", AgentConfig(release));
        using var server = HttpServerProcess.Start(["--http", "--urls", "http://127.0.0.1:0", "--project", repo.Root, "--gates", "dashboard"], token: null);
        var port = await server.WaitForPortAsync();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(baseAddress, "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
        }), cancellationToken: Ct);
        var root = repo.Root;
        var sessionId = await PhaseFlow.StartSessionAsync(client, root, Ct);
        var arguments = new Dictionary<string, object?> { ["session_id"] = sessionId, ["project_root"] = root };
        await client.CallOkAsync("spec", new(arguments) { ["findings"] = "The numbers go in `src/`." }, Ct);
        await client.CallOkAsync("plan", new(arguments) { ["plan"] = "# Plan\n1. Write the first number\n2. Write the second number\n\n## Gaps\n- Nobody owns two yet\n" }, Ct);
        var refusedOverMcp = await client.CallErrorAsync("approve", new(arguments) { ["gate"] = "plan", ["decision"] = "approve" }, Ct);
        await using var browser = await DashboardBrowser.LaunchAsync();
        var page = browser.Page;
        var gates = $"[data-session='{sessionId}']";
        var shots = new List<string>();
        await page.GotoAsync(baseAddress.ToString());

        // Plan gate: the plan and its gaps are on the page, then Approve.
        await page.Locator("#plan-view li", new() { HasText = "Write the first number" }).WaitForAsync();
        await page.Locator("#plan-gaps li", new() { HasText = "Nobody owns two yet" }).WaitForAsync();
        shots.Add(await browser.ScreenshotAsync("dashboard-cli-plan-gate"));
        await page.Locator($"{gates} [data-gate='plan'] button[data-decision='approve']").ClickAsync();
        await page.Locator($"{gates} [data-gate='plan'] .pill[data-state='approved']").WaitForAsync();

        // Build gate: the chunk table is on the page, then Approve.
        await client.CallOkAsync("divide", new(arguments) { ["chunks"] = Chunks() }, Ct);
        await page.Locator("#chunk-table [data-planned-chunk='c1']", new() { HasText = "write one" }).WaitForAsync();
        await page.Locator("#chunk-table [data-planned-chunk='c2']", new() { HasText = "write two" }).WaitForAsync();
        shots.Add(await browser.ScreenshotAsync("dashboard-cli-build-gate"));
        await page.Locator($"{gates} [data-gate='build'] button[data-decision='approve']").ClickAsync();
        await page.Locator($"{gates} [data-gate='build'] .pill[data-state='approved']").WaitForAsync();

        // The run: c1's agent waits for the release file, so the run is running when Cancel is clicked.
        var runId = (await client.CallOkAsync("build_start", new(arguments) { ["runner"] = "command", ["isolation"] = "shared" }, Ct)).GetProperty("run_id").GetString()!;
        await page.Locator($"[data-run='{runId}'] button").First.ClickAsync();
        await page.Locator("[data-chunk='c1'][data-state='running']").WaitForAsync();
        await page.Locator("#cancel-button").ClickAsync();
        await page.Locator("#run-meta [data-state='cancelled']").WaitForAsync();
        var cancelled = await StatusAsync(client, runId, root);
        var journalAfterCancel = Journal(root, runId);
        shots.Add(await browser.ScreenshotAsync("dashboard-cli-run-cancelled"));

        await File.WriteAllTextAsync(release, "go", Ct);
        // The page shows "cancelled" once the journal says so, while the worker may still be exiting and holding the
        // run's lock; a Resume click then is refused ("is running; nothing to resume"). Wait for the worker to let go.
        await WaitUntilAsync(() => !File.Exists(Path.Combine(root, ".orchestrator", "runs", runId, "run.lock")), "the cancelled run's worker never released run.lock");
        await page.Locator("#resume-button").ClickAsync();
        // The resumed run can outlast the page's 90 s wait on a loaded machine: once the click resumed it (the journal
        // says so), wait for its end over MCP, then for the page.
        await WaitUntilAsync(() => Journal(root, runId).Any(e => (string?)e["type"] == "run.resumed"), "the Resume click never resumed the run");
        var ended = await PhaseFlow.WaitForEndAsync(client, runId, root, Ct);
        await page.Locator("#run-meta [data-state='completed_with_failures']").WaitForAsync();
        var journalAfterResume = Journal(root, runId);

        // The failures gate (c2's agent reported blocked) is open on the page and in session_status; the page decides it.
        var failuresGate = $"{gates} [data-gate='failures']";
        await page.Locator($"{failuresGate} .pill[data-state='open']").WaitForAsync();
        var failuresChoices = await page.Locator($"{failuresGate} button").EvaluateAllAsync<string[]>("buttons => buttons.map(b => b.dataset.decision)");
        var openStatus = await client.CallOkAsync("session_status", arguments, Ct);
        shots.Add(await browser.ScreenshotAsync("dashboard-cli-failures-gate"));
        await page.Locator($"{failuresGate} button[data-decision='defer']").ClickAsync();
        await page.Locator($"{failuresGate} .pill:not([data-state='open'])").WaitForAsync();
        var decidedStatus = await client.CallOkAsync("session_status", arguments, Ct);
        foreach (var shot in shots)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"dashboard screenshot: {shot}");
            Console.WriteLine($"dashboard screenshot: {shot}");
        }

        Assert.DoesNotContain("gates", await File.ReadAllTextAsync(config, Ct));
        Assert.Contains("decided on the dashboard", refusedOverMcp);
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Contains(journalAfterCancel, e => (string?)e["type"] == "run.finished" && ((string?)e["status"])?.Contains("cancel", StringComparison.OrdinalIgnoreCase) == true);
        Assert.DoesNotContain(journalAfterCancel, e => (string?)e["type"] == "run.resumed");
        Assert.Contains(journalAfterResume, e => (string?)e["type"] == "run.resumed");
        Assert.Equal("completed_with_failures", ended.GetProperty("status").GetString());
        var chunks = ended.GetProperty("chunks").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("state").GetString());
        Assert.Equal("succeeded", chunks["c1"]);
        Assert.NotEqual("succeeded", chunks["c2"]);
        Assert.True(File.Exists(Path.Combine(openStatus.GetProperty("worktree_path").GetString()!, "src", "one.txt")));
        Assert.Equal(["retry", "retry_up", "address", "defer", "abandon"], failuresChoices);
        Assert.Equal("open", openStatus.GetProperty("gates").GetProperty("failures").GetProperty("status").GetString());
        var failures = decidedStatus.GetProperty("gates").GetProperty("failures");
        Assert.Equal(("defer", "user (dashboard)"), (failures.GetProperty("decision").GetString(), failures.GetProperty("decided_by").GetString()));
        var plan = decidedStatus.GetProperty("gates").GetProperty("plan");
        Assert.Equal(("approved", "user (dashboard)"), (plan.GetProperty("status").GetString(), plan.GetProperty("decided_by").GetString()));
        Assert.All(shots, s => Assert.True(new FileInfo(s).Length > 5_000, $"{s} should hold a rendered page"));
    }

    /// <summary>
    /// config.yaml without a gate policy: the command runner is a script (<c>$1</c> prompt file, <c>$2</c> schema,
    /// <c>$3</c> the release file). The reviewer finds nothing; c1's executor (the file it owns named in its
    /// prompt) waits for the release file, then writes src/one.txt; c2's executor reports blocked.
    /// </summary>
    private static string AgentConfig(string release)
    {
        const string Script =
            "if grep -q '\"findings\"' \"$2\"; then printf '{\"findings\":[]}'; exit 0; fi; " +
            "f=$(grep -o 'Files you own: src/[a-z]*\\.txt' \"$1\" | head -n 1 | sed 's/^Files you own: //'); " +
            "if [ \"$f\" = src/two.txt ]; then printf '{\"status\":\"blocked\",\"summary\":\"could not write two\",\"blocker\":\"nobody owns two\"}'; exit 0; fi; " +
            "while [ ! -f \"$3\" ]; do sleep 0.2; done; " +
            "mkdir -p src; echo one > \"$f\"; printf '{\"status\":\"done\",\"summary\":\"wrote %s\",\"filesChanged\":[\"%s\"]}' \"$f\" \"$f\"";
        var args = JsonSerializer.Serialize(new[] { "-c", Script, "agent", "{prompt_file}", "{schema_file}", release });
        return $"runners:\n  command:\n    executable: sh\n    args: {args}\ncommands:\n  test: \"true\"\nclose:\n  review_diff: false\n";
    }

    private static JsonElement Chunks() => JsonSerializer.SerializeToElement(new object[]
    {
        new { id = "c1", scope = "write one", files = new[] { "src/one.txt" }, model = "haiku", tests = false },
        new { id = "c2", scope = "write two", files = new[] { "src/two.txt" }, model = "haiku", tests = false, dependsOn = new[] { "c1" } },
    });

    /// <summary>
    /// Until <paramref name="condition"/> holds: a condition, not a time (the bound only turns a hang into a failure;
    /// a resumed run's worker can take a minute to start on a loaded machine).
    /// </summary>
    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        for (var round = 0; round < 1_500; round++)
        {
            if (condition())
            {
                return;
            }

            await Task.Delay(200, Ct);
        }

        Assert.Fail(failure);
    }

    private static Task<JsonElement> StatusAsync(McpClient client, string runId, string root) =>
        client.CallOkAsync("build_status", new() { ["run_id"] = runId, ["project_root"] = root }, Ct);

    /// <summary>
    /// The run's events.jsonl, one object per line; read while the worker appends, so a last line still being written
    /// (no newline yet) is left for the next read.
    /// </summary>
    private static List<JsonObject> Journal(string root, string runId)
    {
        var text = File.ReadAllText(Path.Combine(root, ".orchestrator", "runs", runId, "events.jsonl"));
        var complete = text[..(text.LastIndexOf('\n') + 1)];
        return [.. complete.Split('\n').Where(line => line.Length > 0).Select(line => JsonNode.Parse(line)!.AsObject())];
    }
}
