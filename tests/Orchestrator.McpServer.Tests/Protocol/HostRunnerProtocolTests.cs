using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Core.Agents.Runners.Host;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Runs;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;
using static Orchestrator.Testing.TestChunks;

namespace Orchestrator.McpServer.Tests.Protocol;

/// <summary>
/// The host runner through the SDK client: a build loop runs on the server's broker (as build_start does for runner
/// "host") and the test plays the client's sub-agents through agent_job_next / agent_job_submit.
/// </summary>
public sealed class HostRunnerProtocolTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_client_plays_the_agents_through_agent_job_next_and_submit_to_a_completed_run()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", cancellationToken: Ct);
        var broker = server.Services.GetRequiredService<IHostJobBroker>();
        const string runId = "run-host-1";
        var runDirectory = Path.Combine(repo.Root, ".orchestrator", "runs", runId);
        var input = BuildRunInput.FromChunks("Add a feature", "# Plan", false, [Chunk("c1", model: "haiku"), Chunk("c2", dependsOn: ["c1"])]);
        using var run = new BuildLoop(broker.RunnerFor(runId), TimeProvider.System)
            .Start(new BuildRunRequest(runId, runDirectory, repo.Root, input, new BuildOptions()));

        var jobs = new List<JsonElement>();
        var submissions = new List<JsonElement>();
        JsonElement next;
        while (true)
        {
            next = await server.Client.CallOkAsync("agent_job_next", new() { ["run_id"] = runId, ["wait_seconds"] = 30, ["project_root"] = repo.Root }, Ct);
            var status = next.GetProperty("status").GetString();
            if (status == "run_finished")
            {
                break;
            }

            Assert.Equal("job", status);
            jobs.Add(next);
            var role = next.GetProperty("role").GetString();
            var chunk = next.GetProperty("chunk_id").GetString();
            object output = role switch
            {
                // The first answer of c1 misses "summary": a failed attempt, as with a CLI's malformed output.
                "executor" when chunk == "c1" && next.GetProperty("attempt").GetInt32() == 1 => new { status = "done" },
                "executor" => new { status = "done", summary = $"implemented {chunk}", filesChanged = new[] { $"src/{chunk}.cs" } },
                _ => new { findings = Array.Empty<object>() },
            };
            submissions.Add(await server.Client.CallOkAsync("agent_job_submit", new() { ["job_id"] = next.GetProperty("job_id").GetString(), ["output"] = output }, Ct));
        }

        var result = await run.Completion.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        Assert.Equal(BuildRunStatus.Completed, result.Status);
        Assert.Equal("completed", next.GetProperty("run_status").GetString());
        var first = jobs[0];
        Assert.Equal(("executor", "haiku", "c1", 1), (first.GetProperty("role").GetString(), first.GetProperty("tier").GetString(), first.GetProperty("chunk_id").GetString(), first.GetProperty("attempt").GetInt32()));
        Assert.Contains("implement c1", first.GetProperty("prompt").GetString());
        Assert.Equal(repo.Root, first.GetProperty("working_directory").GetString());
        Assert.Equal(JsonValueKind.Object, first.GetProperty("output_schema").ValueKind);
        Assert.Contains("filesChanged", first.GetProperty("output_schema").GetRawText());
        Assert.False(submissions[0].GetProperty("accepted").GetBoolean());
        Assert.Contains("missing required field \"summary\"", submissions[0].GetProperty("reason").GetString());
        Assert.All(submissions.Skip(1), s => Assert.True(s.GetProperty("accepted").GetBoolean()));
        Assert.Equal(2, jobs.Count(j => j.GetProperty("role").GetString() == "executor" && j.GetProperty("chunk_id").GetString() == "c1"));
        Assert.Contains(jobs, j => j.GetProperty("role").GetString() == "reviewer");
        Assert.Equal(["implemented c1", "implemented c2"], result.PerChunk.OrderBy(c => c.ChunkId).Select(c => c.Summary));
        Assert.Equal(2, result.PerChunk.Single(c => c.ChunkId == "c1").Attempts);
    }

    [Fact]
    public async Task Unknown_runs_and_jobs_are_refused_with_the_fix_and_an_idle_run_says_no_job()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", cancellationToken: Ct);
        server.Services.GetRequiredService<IHostJobBroker>().RunnerFor("run-idle");

        var unknownRun = await server.Client.CallErrorAsync("agent_job_next", new() { ["run_id"] = "run-nope", ["project_root"] = repo.Root }, Ct);
        var badRun = await server.Client.CallErrorAsync("agent_job_next", new() { ["run_id"] = "../../etc", ["project_root"] = repo.Root }, Ct);
        var unknownJob = await server.Client.CallErrorAsync("agent_job_submit", new() { ["job_id"] = "job-9-deadbeef", ["output"] = new { findings = Array.Empty<object>() } }, Ct);
        var idle = await server.Client.CallOkAsync("agent_job_next", new() { ["run_id"] = "run-idle", ["wait_seconds"] = 1, ["project_root"] = repo.Root }, Ct);

        Assert.Contains("Unknown run 'run-nope'", unknownRun);
        Assert.Contains("build_start", unknownRun);
        Assert.Contains("not a run id", badRun);
        Assert.Contains("No open agent job 'job-9-deadbeef'", unknownJob);
        Assert.Contains("agent_job_next", unknownJob);
        Assert.Equal("no_job", idle.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, idle.GetProperty("job_id").ValueKind);
    }

    [Fact]
    public async Task Host_job_ids_follow_the_id_rule_and_a_job_id_of_another_shape_is_refused_by_name()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", cancellationToken: Ct);
        var broker = server.Services.GetRequiredService<IHostJobBroker>();
        const string runId = "run-host-ids";
        var input = BuildRunInput.FromChunks("Add a feature", "# Plan", false, [Chunk("c1", model: "haiku")]);
        using var run = new BuildLoop(broker.RunnerFor(runId), TimeProvider.System)
            .Start(new BuildRunRequest(runId, Path.Combine(repo.Root, ".orchestrator", "runs", runId), repo.Root, input, new BuildOptions()));
        var job = await server.Client.CallOkAsync("agent_job_next", new() { ["run_id"] = runId, ["wait_seconds"] = 30, ["project_root"] = repo.Root }, Ct);
        var jobId = job.GetProperty("job_id").GetString()!;
        var done = new { status = "done", summary = "implemented c1", filesChanged = new[] { "src/c1.cs" } };

        // The build loop's own id of this job (run:key:seq) is not a valid id either: the host never sees it.
        var refused = new List<string>();
        foreach (var bad in new[] { "../../../etc/passwd", "/tmp/job", runId + ":exec:0:c1:1:3", ".hidden", "job 1" })
        {
            refused.Add(await server.Client.CallErrorAsync("agent_job_submit", new() { ["job_id"] = bad, ["output"] = done }, Ct));
        }

        var accepted = await server.Client.CallOkAsync("agent_job_submit", new() { ["job_id"] = jobId, ["output"] = done }, Ct);

        Assert.True(Orchestrator.Core.Common.SafeIds.IsValid(jobId), jobId);
        Assert.DoesNotContain(":", jobId, StringComparison.Ordinal);
        Assert.All(refused, r =>
        {
            Assert.Contains("job_id", r, StringComparison.Ordinal);
            Assert.Contains("is not a job id", r, StringComparison.Ordinal);
            Assert.Contains("agent_job_next", r, StringComparison.Ordinal);
        });
        Assert.True(accepted.GetProperty("accepted").GetBoolean());
        run.Cancel();
    }
}
