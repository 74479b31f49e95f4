using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Core.Common;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Tests.Planning;

/// <summary>One phase job per session: joined by repeat callers, refused to conflicting ones, kept until collected, cancelled on shutdown.</summary>
public sealed class PhaseJobRegistryTests
{
    private static readonly ProjectContext Project = new("/repo", "/repo", "/repo/.git");
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Repeat_claims_join_the_running_job_and_conflicting_ones_are_refused()
    {
        using var registry = new PhaseJobRegistry(NullLogger<PhaseJobRegistry>.Instance);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var starts = 0;
        Func<IProgress<JobProgress>, CancellationToken, Task<Outcome<string>>> work = async (_, ct) =>
        {
            Interlocked.Increment(ref starts);
            await release.Task.WaitAsync(ct);
            return Outcome<string>.Success("planned");
        };

        using var first = registry.Claim(Project, "s1", "plan", "feedback A", work, null).Value!;
        using var bare = registry.Claim(Project, "s1", "plan", null, work, null).Value!;
        using var same = registry.Claim(Project, "s1", "plan", "feedback A", work, null).Value!;
        var other = registry.Claim(Project, "s1", "plan", "feedback B", work, null);
        var otherPhase = registry.Claim(Project, "s1", "divide", null, work, null);
        var hostInput = registry.ClearForHostInput(Project, "s1", "spec");
        using var otherSession = registry.Claim(Project, "s2", "plan", null, work, null).Value!;
        release.SetResult();
        var outcome = await first.Job.Completion.WaitAsync(Patience, Ct);

        Assert.True(first.Started);
        Assert.False(bare.Started);
        Assert.Same(first.Job, bare.Job);
        Assert.Same(first.Job, same.Job);
        Assert.Contains("already running", other.Error!.Message);
        Assert.Contains("call plan with just session_id", otherPhase.Error!.Message);
        Assert.Contains("call plan with just session_id", hostInput!.Message);
        Assert.NotSame(first.Job, otherSession.Job);
        Assert.Equal("planned", outcome.Value);
        await otherSession.Job.Completion.WaitAsync(Patience, Ct);
        Assert.Equal(2, starts);
    }

    [Fact]
    public async Task A_finished_job_is_kept_until_collected_and_then_the_next_claim_starts_a_new_one()
    {
        using var registry = new PhaseJobRegistry(NullLogger<PhaseJobRegistry>.Instance);
        var starts = 0;
        Func<IProgress<JobProgress>, CancellationToken, Task<Outcome<string>>> work = (progress, _) =>
        {
            progress.Report(JobProgress.Indeterminate($"run {Interlocked.Increment(ref starts)}"));
            return Task.FromResult(Outcome<string>.Failure(ErrorCode.InvalidArgument, "the agent failed"));
        };

        using var first = registry.Claim(Project, "s1", "spec", null, work, null).Value!;
        await first.Job.Completion.WaitAsync(Patience, Ct);
        var heard = new List<string>();
        using var again = registry.Claim(Project, "s1", "spec", null, work, new SynchronousProgress(heard)).Value!;
        registry.Collect(again.Job);
        using var fresh = registry.Claim(Project, "s1", "spec", null, work, null).Value!;
        await fresh.Job.Completion.WaitAsync(Patience, Ct);

        Assert.Same(first.Job, again.Job);
        Assert.Equal("the agent failed", (await again.Job.Completion).Error!.Message);
        Assert.Equal(["run 1"], heard);
        Assert.True(fresh.Started);
        Assert.Equal(2, starts);
    }

    [Fact]
    public async Task Disposing_the_registry_cancels_running_jobs()
    {
        var registry = new PhaseJobRegistry(NullLogger<PhaseJobRegistry>.Instance);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var lease = registry.Claim(Project, "s1", "spec", null, async (_, ct) =>
        {
            entered.SetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return Outcome<string>.Success("never");
        }, null).Value!;
        await entered.Task.WaitAsync(Patience, Ct);

        registry.Dispose();
        var outcome = await lease.Job.Completion.WaitAsync(Patience, Ct);

        Assert.False(outcome.Succeeded);
        Assert.Contains("server stopped", outcome.Error.Message);
    }

    private sealed class SynchronousProgress(List<string> heard) : IProgress<JobProgress>
    {
        public void Report(JobProgress value) => heard.Add(value.Message);
    }
}
