using System.Net;
using System.Text.Json;
using Orchestrator.Core.Build.Runs;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.McpServer.Tests.Http;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Dashboard;

/// <summary>The dashboard's read API over a real scripted build: overview, run detail, result, logs (confined) and the live stream.</summary>
public sealed class DashboardApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Overview_and_run_show_sessions_chunks_attempts_and_findings_from_disk()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await HttpTestServer.StartAsync(repo.Root, cancellationToken: Ct);
        await using (var client = await server.ConnectAsync("2025-11-25", cancellationToken: Ct))
        {
            await client.CallOkAsync("session_start", new() { ["description"] = "Add a report page" }, Ct);
        }

        await using var build = ScriptedBuild.Start(repo.Root);
        build.ReleaseApi();
        var result = await build.Completion;
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var overview = await GetJsonAsync(http, "/api/overview");
        var run = await GetJsonAsync(http, "/api/runs/" + build.RunId);
        using var resultResponse = await http.GetAsync($"/api/runs/{build.RunId}/result", Ct);
        var resultJson = JsonDocument.Parse(await resultResponse.Content.ReadAsStringAsync(Ct)).RootElement;

        Assert.Equal(BuildRunStatus.Completed, result.Status);
        Assert.Equal(repo.Root, overview.GetProperty("project").GetString());
        var session = Assert.Single(overview.GetProperty("sessions").EnumerateArray());
        Assert.Equal("Add a report page", session.GetProperty("description").GetString());
        Assert.Equal(["plan", "build", "concerns", "failures", "publish"], session.GetProperty("gates").EnumerateArray().Select(g => g.GetProperty("name").GetString()));
        var runSummary = Assert.Single(overview.GetProperty("runs").EnumerateArray());
        Assert.Equal(build.RunId, runSummary.GetProperty("id").GetString());
        Assert.Equal(2, runSummary.GetProperty("succeeded").GetInt32());

        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.True(run.GetProperty("has_result").GetBoolean());
        var chunks = run.GetProperty("chunks").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!);
        Assert.Equal("succeeded", chunks["api"].GetProperty("state").GetString());
        Assert.Equal("sonnet", chunks["api"].GetProperty("tier").GetString());
        Assert.Equal(1, chunks["api"].GetProperty("attempts").GetInt32());
        Assert.Equal(0.25m, chunks["api"].GetProperty("cost_usd").GetDecimal());
        Assert.Equal("added the page", chunks["ui"].GetProperty("summary").GetString());
        var finding = Assert.Single(chunks["ui"].GetProperty("findings").EnumerateArray());
        Assert.Equal("concern", finding.GetProperty("severity").GetString());
        Assert.Equal("Name the magic number", finding.GetProperty("title").GetString());
        var executorAttempt = run.GetProperty("attempts").EnumerateArray().First(a => a.GetProperty("chunk_id").GetString() == "api");
        Assert.Equal("api-1.log", executorAttempt.GetProperty("log").GetString());
        Assert.True(executorAttempt.GetProperty("log_exists").GetBoolean());

        Assert.Equal(HttpStatusCode.OK, resultResponse.StatusCode);
        Assert.Equal(build.RunId, resultJson.GetProperty("runId").GetString());
        Assert.Equal(2, resultJson.GetProperty("perChunk").GetArrayLength());
    }

    [Fact]
    public async Task Logs_are_served_only_from_the_runs_logs_folder()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await HttpTestServer.StartAsync(repo.Root, cancellationToken: Ct);
        await using var build = ScriptedBuild.Start(repo.Root);
        build.ReleaseApi();
        await build.Completion;
        var secret = repo.WriteFile("secret.txt", "do not serve me");
        File.CreateSymbolicLink(Path.Combine(build.RunDirectory, "logs", "link.log"), secret);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var log = await http.GetStringAsync($"/api/runs/{build.RunId}/logs/api-1.log", Ct);
        var refused = new List<HttpStatusCode>();
        foreach (var path in new[]
        {
            $"/api/runs/{build.RunId}/logs/..%2Fevents.jsonl",
            $"/api/runs/{build.RunId}/logs/%2E%2E%2F%2E%2E%2F..%2Fsecret.txt",
            $"/api/runs/{build.RunId}/logs/link.log",
            $"/api/runs/{build.RunId}/logs/.hidden",
            "/api/runs/..%2F..%2F/logs/secret.txt",
            "/api/runs/no-such-run",
            "/api/runs/..",
        })
        {
            using var response = await http.GetAsync(path, Ct);
            refused.Add(response.StatusCode);
            Assert.DoesNotContain("do not serve me", await response.Content.ReadAsStringAsync(Ct));
        }

        Assert.StartsWith("raw agent output for api attempt 1", log);
        Assert.All(refused, status => Assert.Equal(HttpStatusCode.NotFound, status));
    }

    [Fact]
    public async Task The_stream_pushes_the_run_again_when_its_journal_changes()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await HttpTestServer.StartAsync(repo.Root, cancellationToken: Ct);
        await using var build = ScriptedBuild.Start(repo.Root, server: server.Services);
        await build.ApiRunningAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var response = await http.GetAsync($"/api/stream?run={build.RunId}", HttpCompletionOption.ResponseHeadersRead, Ct);
        await using var body = await response.Content.ReadAsStreamAsync(Ct);
        using var reader = new StreamReader(body);

        var first = await NextRunEventAsync(reader, run => StateOf(run, "api") == "running");
        build.ReleaseApi();
        var finished = await NextRunEventAsync(reader, run => run.GetProperty("status").GetString() == "completed");

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("pending", StateOf(first, "ui"));
        Assert.Equal("succeeded", StateOf(finished, "api"));
        Assert.Equal("succeeded", StateOf(finished, "ui"));
        Assert.True(finished.GetProperty("last_seq").GetInt64() > first.GetProperty("last_seq").GetInt64());
    }

    [Fact]
    public async Task A_journal_without_an_end_that_nothing_executes_is_shown_interrupted()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await HttpTestServer.StartAsync(repo.Root, cancellationToken: Ct);
        await using var build = ScriptedBuild.Start(repo.Root, server: server.Services);
        await build.ApiRunningAsync();
        // A copy of the live journal stands for a run whose server died mid-way: no run.finished, nobody executing it.
        var orphan = Path.Combine(repo.Root, ".orchestrator", "runs", "run-orphan");
        Directory.CreateDirectory(orphan);
        File.Copy(Path.Combine(build.RunDirectory, "events.jsonl"), Path.Combine(orphan, "events.jsonl"));
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var live = await GetJsonAsync(http, "/api/runs/" + build.RunId);
        var interrupted = await GetJsonAsync(http, "/api/runs/run-orphan");
        var overview = await GetJsonAsync(http, "/api/overview");

        Assert.Equal("running", live.GetProperty("status").GetString());
        Assert.Equal("interrupted", interrupted.GetProperty("status").GetString());
        Assert.Equal("interrupted", overview.GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "run-orphan").GetProperty("status").GetString());
    }

    private static string? StateOf(JsonElement run, string chunk) =>
        run.GetProperty("chunks").EnumerateArray().Single(c => c.GetProperty("id").GetString() == chunk).GetProperty("state").GetString();

    /// <summary>Reads server-sent events until a <c>run</c> event satisfies <paramref name="condition"/> (the test's timeout bounds it).</summary>
    private static async Task<JsonElement> NextRunEventAsync(StreamReader reader, Func<JsonElement, bool> condition)
    {
        string? eventName = null;
        while (await reader.ReadLineAsync(Ct) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                eventName = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && eventName == "run")
            {
                var run = JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
                if (condition(run))
                {
                    return run;
                }
            }
        }

        throw new InvalidOperationException("the stream ended before the expected run state");
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
