using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Verification;

namespace Orchestrator.Core.Tests.Build.Verdicts;

/// <summary>One verdict rule for build and close, and the run status that follows from it.</summary>
public sealed class ChunkVerdictRuleTests
{
    private static ChunkEvidence Evidence(ChunkRunState state, bool? tests = null, string? blocker = null, string[]? files = null, params ReviewFinding[] findings) =>
        new("c1", state, 2, tests, findings, blocker, state == ChunkRunState.Skipped ? "dependency c0 failed" : null, files ?? []);

    [Fact]
    public void A_succeeded_chunk_with_passing_or_unknown_tests_and_no_blocker_is_done()
    {
        Assert.Equal(new ChunkJudgement("c1", ChunkVerdictStatus.Done, 2, null), ChunkVerdictRule.Judge(Evidence(ChunkRunState.Succeeded, tests: true)));
        Assert.Equal(ChunkVerdictStatus.Done, ChunkVerdictRule.Judge(Evidence(ChunkRunState.Succeeded)).Status);
    }

    [Fact]
    public void Failing_server_tests_or_an_open_review_blocker_make_a_succeeded_chunk_partial()
    {
        var tests = ChunkVerdictRule.Judge(Evidence(ChunkRunState.Succeeded, tests: false));
        var review = ChunkVerdictRule.Judge(Evidence(ChunkRunState.Succeeded, tests: true, findings: new ReviewFinding("c1", FindingSeverity.Blocker, "Logs the password", null, null, null)));

        Assert.Equal((ChunkVerdictStatus.Partial, "tests failed after the chunk"), (tests.Status, tests.Reason));
        Assert.Equal((ChunkVerdictStatus.Partial, "1 review blocker(s) remain (Logs the password)"), (review.Status, review.Reason));
    }

    [Fact]
    public void Failed_skipped_and_unfinished_chunks_say_why()
    {
        Assert.Equal((ChunkVerdictStatus.Failed, "no fixture"), Pair(ChunkVerdictRule.Judge(Evidence(ChunkRunState.Failed, blocker: "no fixture"))));
        Assert.Equal((ChunkVerdictStatus.Failed, AgentOutputParser.NoResult), Pair(ChunkVerdictRule.Judge(Evidence(ChunkRunState.Failed))));
        Assert.Equal((ChunkVerdictStatus.NotStarted, "dependency c0 failed"), Pair(ChunkVerdictRule.Judge(Evidence(ChunkRunState.Skipped))));
        Assert.Equal(ChunkVerdictStatus.NotStarted, ChunkVerdictRule.Judge(Evidence(ChunkRunState.Pending)).Status);
        Assert.Equal(ChunkVerdictStatus.Partial, ChunkVerdictRule.Judge(Evidence(ChunkRunState.Cancelled, files: ["src/a.cs"])).Status);
    }

    [Fact]
    public void The_summary_leads_with_what_failed()
    {
        IReadOnlyList<ChunkJudgement> verdicts =
        [
            new("c1", ChunkVerdictStatus.Done, 1, null),
            new("c2", ChunkVerdictStatus.Failed, 3, "missing fixture"),
            new("c3", ChunkVerdictStatus.Partial, 1, "tests failed after the chunk"),
            new("c4", ChunkVerdictStatus.NotStarted, 0, "dependency c2 failed"),
        ];

        Assert.Equal("1 of 4 chunk(s) done; c2 failed after 3 attempt(s): missing fixture; c3 partial: tests failed after the chunk; c4 not started: dependency c2 failed",
            ChunkVerdictRule.Summary(verdicts));
    }

    [Fact]
    public void A_run_is_completed_only_when_every_chunk_is_done()
    {
        var done = new ChunkJudgement("c1", ChunkVerdictStatus.Done, 1, null);
        var partial = new ChunkJudgement("c2", ChunkVerdictStatus.Partial, 1, "tests failed after the chunk");
        var failed = new ChunkJudgement("c3", ChunkVerdictStatus.Failed, 3, "x");
        var skipped = new ChunkJudgement("c4", ChunkVerdictStatus.NotStarted, 0, "y");

        Assert.Equal(BuildRunStatus.Completed, RunStatusRule.Settled([done]));
        Assert.Equal(BuildRunStatus.CompletedWithFailures, RunStatusRule.Settled([done, failed]));
        Assert.Equal(BuildRunStatus.CompletedWithFailures, RunStatusRule.Settled([partial, failed, skipped]));
        Assert.Equal(BuildRunStatus.Failed, RunStatusRule.Settled([failed, skipped]));
    }

    [Fact]
    public void An_old_journal_that_recorded_completed_with_a_failed_chunk_is_judged_again()
    {
        var snapshot = new RunSnapshot
        {
            RunId = "run-1",
            Status = BuildRunStatus.Completed,
            Chunks =
            [
                new ChunkSnapshot("c1", ChunkRunState.Succeeded, 1, null, "ok", null, null, true, ["a"]),
                new ChunkSnapshot("c2", ChunkRunState.Failed, 3, null, null, "no fixture", null, null, []),
            ],
        };

        Assert.Equal(RunStatus.CompletedWithFailures, RunStatusRule.Of(snapshot, executing: false));
        Assert.Equal("completed_with_failures", RunStatusRule.Name(RunStatusRule.Of(snapshot, executing: false)));
        Assert.True(RunStatusRule.IsFinished(RunStatus.CompletedWithFailures));
        Assert.False(RunStatusRule.IsFinished(RunStatus.Paused));
        Assert.Equal(RunStatus.Paused, RunStatusRule.Of(snapshot with { Status = BuildRunStatus.Paused }, executing: false));
    }

    private static (ChunkVerdictStatus, string?) Pair(ChunkJudgement judgement) => (judgement.Status, judgement.Reason);
}
