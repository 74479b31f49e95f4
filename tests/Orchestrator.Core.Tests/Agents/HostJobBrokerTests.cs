using System.Text.Json;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Agents.Runners.Host;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Common;
using Orchestrator.Core.Tests.Build;
using static Orchestrator.Testing.TestChunks;

namespace Orchestrator.Core.Tests.Agents;

/// <summary>The real build loop running its agents through the host runner, with the test playing the MCP client.</summary>
public sealed class HostJobBrokerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Host_answers_carry_a_run_to_completed_with_reviews()
    {
        using var harness = new BuildLoopHarness();
        var broker = new HostJobBroker(TimeProvider.System);
        await using var host = new HostPlayer(broker, "run-1", job => job.Role == AgentRole.Executor
            ? HostPlayer.Done($"implemented {job.ChunkId}", $"src/{job.ChunkId}.cs")
            : HostPlayer.Clean());
        var input = BuildLoopHarness.Input([Chunk("c1"), Chunk("c2")], [Chunk("c3", opusReview: true)]);

        var result = await new BuildLoop(broker.RunnerFor("run-1"), TimeProvider.System).RunAsync(harness.Request(input), null, Ct);

        Assert.Equal(BuildRunStatus.Completed, result.Status);
        Assert.All(result.PerChunk, c => Assert.True(c.Ok));
        Assert.Equal(["implemented c1", "implemented c2", "implemented c3"], result.PerChunk.OrderBy(c => c.ChunkId).Select(c => c.Summary));
        var jobs = host.Jobs.ToList();
        Assert.Equal(3, jobs.Count(j => j.Role == AgentRole.Executor));
        Assert.Contains(jobs, j => j.Role == AgentRole.Reviewer);
        Assert.Contains(jobs, j => j.Role == AgentRole.OpusReviewer && j.Tier == ModelTier.Opus);
        var executor = jobs.First(j => j.Role == AgentRole.Executor && j.ChunkId == "c1");
        Assert.Equal(AgentOutputSchemas.Executor, executor.OutputSchemaJson);
        Assert.Equal("run-1", executor.RunId);
        Assert.Equal(harness.WorkingDirectory, executor.WorkingDirectory);
        Assert.Contains("implement c1", executor.Prompt);
        Assert.All(host.Submissions, s => Assert.True(s.Value!.Accepted));
        Assert.Contains("implemented c1", await File.ReadAllTextAsync(executor.LogPath, Ct));
        var c3 = jobs.First(j => j.ChunkId == "c3" && j.Role == AgentRole.Executor);
        Assert.True(jobs.IndexOf(c3) > jobs.FindIndex(j => j.ChunkId == "c1" && j.Role == AgentRole.Executor), "c3 (wave 2) must wait for wave 1");
    }

    [Fact]
    public async Task A_malformed_answer_is_a_failed_attempt_and_the_ladder_escalates()
    {
        using var harness = new BuildLoopHarness();
        var broker = new HostJobBroker(TimeProvider.System);
        await using var host = new HostPlayer(broker, "run-1", job => job switch
        {
            { Role: AgentRole.Executor, Attempt: 1 } => new { status = "finished", summary = "did it" },
            { Role: AgentRole.Executor, Attempt: 2 } => "I fixed it! {not json",
            { Role: AgentRole.Executor } => HostPlayer.Done("third time", "src/c1.cs"),
            _ => HostPlayer.Clean(),
        });

        var result = await new BuildLoop(broker.RunnerFor("run-1"), TimeProvider.System)
            .RunAsync(harness.Request(BuildLoopHarness.Input([Chunk("c1", model: "haiku")])), null, Ct);

        var executorAttempts = result.Attempts.Where(a => a.Role == AgentRole.Executor).ToList();
        Assert.Equal([ModelTier.Haiku, ModelTier.Haiku, ModelTier.Sonnet], executorAttempts.Select(a => a.Tier));
        Assert.Equal([AttemptOutcome.Failed, AttemptOutcome.Failed, AttemptOutcome.Succeeded], executorAttempts.Select(a => a.Outcome));
        Assert.Contains("invalid executor output: \"status\" must be \"done\" or \"blocked\", got \"finished\"", executorAttempts[0].Reason);
        Assert.Contains("invalid executor output: not JSON", executorAttempts[1].Reason);
        Assert.Equal(BuildRunStatus.Completed, result.Status);
        var chunk = Assert.Single(result.PerChunk);
        Assert.True(chunk.Ok);
        Assert.Equal(3, chunk.Attempts);
        var submissions = host.Submissions.Select(s => s.Value!).Where(s => s.Job.Role == AgentRole.Executor).ToList();
        Assert.Equal([false, false, true], submissions.Select(s => s.Accepted));
        Assert.Contains("\"status\" must be", submissions[0].Problem);
        Assert.Contains("Attempt 2 did not complete", host.Jobs.Last(j => j.Role == AgentRole.Executor).Prompt);
    }

    [Fact]
    public async Task A_job_the_host_never_answers_times_out_like_a_cli_job_and_a_late_answer_is_refused()
    {
        using var harness = new BuildLoopHarness();
        var broker = new HostJobBroker(TimeProvider.System);
        await using var host = new HostPlayer(broker, "run-1", job => job.Role == AgentRole.Executor ? null : HostPlayer.Clean());

        var result = await new BuildLoop(broker.RunnerFor("run-1"), TimeProvider.System).RunAsync(
            harness.Request(BuildLoopHarness.Input([Chunk("c1", model: "haiku")]), new BuildOptions { AgentTimeout = TimeSpan.FromMilliseconds(200) }), null, Ct);

        var attempts = result.Attempts.Where(a => a.Role == AgentRole.Executor).ToList();
        Assert.Equal([AttemptOutcome.TimedOut, AttemptOutcome.TimedOut, AttemptOutcome.TimedOut], attempts.Select(a => a.Outcome));
        Assert.All(attempts, a => Assert.Contains("timed out after", a.Reason));
        Assert.Equal([ModelTier.Haiku, ModelTier.Haiku, ModelTier.Sonnet], attempts.Select(a => a.Tier));
        Assert.False(Assert.Single(result.PerChunk).Ok);
        var late = broker.Submit(host.Jobs.First().JobId, JsonSerializer.SerializeToElement(HostPlayer.Done("too late")));
        Assert.False(late.Succeeded);
        Assert.Contains("agent_job_next", late.Error!.Message);
        var next = await broker.NextAsync("run-1", TimeSpan.Zero, Ct);
        Assert.Equal((null, 0, 0), (next.Job, next.Waiting, next.Running));
    }

    [Fact]
    public async Task Cancelling_the_run_withdraws_its_pending_jobs()
    {
        using var harness = new BuildLoopHarness();
        var broker = new HostJobBroker(TimeProvider.System);
        using var handle = new BuildLoop(broker.RunnerFor("run-1"), TimeProvider.System)
            .Start(harness.Request(BuildLoopHarness.Input([Chunk("c1"), Chunk("c2")])));

        var first = await broker.NextAsync("run-1", TimeSpan.FromSeconds(30), Ct);
        Assert.NotNull(first.Job);
        handle.Cancel();
        var result = await handle.Completion.WaitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.Equal(BuildRunStatus.Cancelled, result.Status);
        var after = await broker.NextAsync("run-1", TimeSpan.Zero, Ct);
        Assert.Equal((null, 0, 0), (after.Job, after.Waiting, after.Running));
        var refused = broker.Submit(first.Job!.JobId, JsonSerializer.SerializeToElement(HostPlayer.Done("after cancel")));
        Assert.False(refused.Succeeded);
    }

    [Fact]
    public async Task Next_waits_for_a_job_and_hands_each_job_out_once()
    {
        var broker = new HostJobBroker(TimeProvider.System);
        var runner = broker.RunnerFor("run-7");
        var empty = await broker.NextAsync("run-7", TimeSpan.FromMilliseconds(50), Ct);
        Assert.Null(empty.Job);
        Assert.True(broker.KnowsRun("run-7"));
        Assert.False(broker.KnowsRun("run-8"));

        var waiting = broker.NextAsync("run-7", TimeSpan.FromSeconds(30), Ct);
        var job = new AgentJob("j1", "run-7", AgentRole.Reviewer, ModelTier.Sonnet, "review", Path.GetTempPath(), AgentOutputSchemas.Reviewer,
            TimeSpan.FromMinutes(5), Path.Combine(Path.GetTempPath(), $"host-{Guid.NewGuid():N}.log"), "c1", 1);
        var running = runner.RunAsync(job, Ct);
        var offered = await waiting;
        var again = await broker.NextAsync("run-7", TimeSpan.Zero, Ct);
        var submitted = broker.Submit("j1", JsonSerializer.SerializeToElement(new { findings = new[] { new { chunkId = "c1", severity = "concern", title = "naming" } } }));
        var outcome = await running;

        Assert.Equal("j1", offered.Job?.JobId);
        Assert.Null(again.Job);
        Assert.Equal(1, again.Running);
        Assert.True(submitted.Value!.Accepted);
        Assert.Equal(AgentOutcomeStatus.Completed, outcome.Status);
        Assert.Equal("naming", AgentOutputParser.ParseReviewer(outcome.StructuredOutput).Value!.Findings.Single().Title);
        Assert.False(broker.Submit("j1", JsonSerializer.SerializeToElement(HostPlayer.Clean())).Succeeded);
        File.Delete(job.LogPath);
    }
}
