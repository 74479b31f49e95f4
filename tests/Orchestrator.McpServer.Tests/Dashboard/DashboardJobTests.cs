using System.Text.Json;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Common;
using Orchestrator.Core.Jobs;
using Orchestrator.Core.Planning;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.McpServer.Tests.Http;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Dashboard;

/// <summary>
/// The dashboard's session view shows a live phase job whoever started it: the job's folder as a worker leaves it
/// (job.json, a live job.lock, progress.jsonl), read through the real HTTP API; once outcome.json is written it is gone.
/// </summary>
public sealed class DashboardJobTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_live_job_of_another_process_shows_on_its_session_until_it_ends()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await HttpTestServer.StartAsync(repo.Root, cancellationToken: Ct);
        string sessionId;
        await using (var client = await server.ConnectAsync("2025-11-25", cancellationToken: Ct))
        {
            sessionId = (await client.CallOkAsync("session_start", new() { ["description"] = "Add a report page" }, Ct)).GetProperty("session_id").GetString()!;
        }

        var project = new Core.Sessions.ProjectContext(repo.Root, repo.Root, Path.Combine(repo.Root, ".git"));
        const string jobId = "plan-20261130-080000-abcdef";
        var directory = JobFiles.DirectoryOf(project, jobId);
        new JobRecord(jobId, sessionId, JobKind.Plan, null).Write(directory);
        await using var worker = RunLocks.CreateManager(TimeProvider.System, "the worker of the plan job " + jobId, JobFiles.LockFileName);
        Assert.True((await worker.AcquireAsync(directory, Ct)).Succeeded);
        await File.WriteAllTextAsync(Path.Combine(directory, JobFiles.ProgressFileName),
            JsonSerializer.Serialize(JobProgress.Indeterminate("plan: the planning agent is working"), JobJson.TypeInfo<JobProgress>()) + "\n", Ct);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var live = (await SessionAsync(http, sessionId)).GetProperty("job");
        JobOutcome.Write(directory, JobOutcome.Failed(ErrorCode.Conflict, "cancelled") with { Cancelled = true });
        var ended = await SessionAsync(http, sessionId);

        Assert.Equal(jobId, live.GetProperty("id").GetString());
        Assert.Equal("plan", live.GetProperty("phase").GetString());
        Assert.Equal("running", live.GetProperty("status").GetString());
        Assert.Equal(Environment.ProcessId, live.GetProperty("worker_pid").GetInt32());
        Assert.Equal("plan: the planning agent is working", live.GetProperty("progress").GetString());
        Assert.True(!ended.TryGetProperty("job", out var none) || none.ValueKind == JsonValueKind.Null, "an ended job is still shown: " + ended);
    }

    private static async Task<JsonElement> SessionAsync(HttpClient http, string sessionId)
    {
        using var response = await http.GetAsync("/api/overview", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"/api/overview: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("sessions").EnumerateArray().Single(s => s.GetProperty("id").GetString() == sessionId).Clone();
    }
}
