using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Common;
using Orchestrator.Testing;
using static Orchestrator.Testing.TestChunks;

namespace Orchestrator.Core.Tests.Build;

public sealed class ReviewLoopTests
{
    private static ReviewFinding Blocker(string chunkId, string title = "tests fail") => new(chunkId, FindingSeverity.Blocker, title, "NullReferenceException in Parse", "src/c1.cs", 12);

    [Fact]
    public async Task One_sonnet_reviewer_per_executed_chunk_and_one_opus_reviewer_over_flagged_chunks()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner().Executor("c3", ScriptedStep.Blocked("x"));
        var input = BuildLoopHarness.Input([Chunk("c1", opusReview: true), Chunk("c2", opusReview: true), Chunk("c3", opusReview: true), Chunk("c4")]);

        var result = await harness.RunAsync(runner, input, cancellationToken: TestContext.Current.CancellationToken);

        var reviewers = runner.JobsFor(AgentRole.Reviewer);
        // c3 failed all its attempts: it is reviewed too (by its sonnet reviewer only, never by the opus reviewer).
        Assert.Equal(["c1", "c2", "c3", "c4"], reviewers.Select(j => j.ChunkId).Order());
        Assert.All(reviewers, j => Assert.Equal(ModelTier.Sonnet, j.Tier));
        var opus = Assert.Single(runner.JobsFor(AgentRole.OpusReviewer));
        Assert.Equal(ModelTier.Opus, opus.Tier);
        Assert.Contains("- c1: implement c1", opus.Prompt);
        Assert.Contains("- c2: implement c2", opus.Prompt);
        Assert.DoesNotContain("- c3:", opus.Prompt);
        Assert.Contains("Do NOT modify code", opus.Prompt);
        Assert.Contains("Do NOT modify code", reviewers[0].Prompt);
        Assert.Contains("## Chunk under review: ", reviewers[0].Prompt);
        Assert.Contains("## Agreed plan (context, do not re-litigate)", reviewers[0].Prompt);
        Assert.Equal(AgentOutputSchemas.Reviewer, reviewers[0].OutputSchemaJson);
        Assert.Equal(["c1", "c2", "c4"], result.Clean);
    }

    [Fact]
    public async Task Blockers_are_fixed_in_iteration_one()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner()
            .Reviewer("c1", ScriptedStep.Findings(Blocker("c1")), ScriptedStep.Clean());

        var result = await harness.RunAsync(runner, BuildLoopHarness.Input([Chunk("c1"), Chunk("c2")]), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1, result.Iterations);
        Assert.False(result.HitReviewCap);
        Assert.Empty(result.UnresolvedBlockers);
        Assert.Equal(["c1", "c2"], result.Clean);
        var executors = runner.JobsFor(AgentRole.Executor, "c1");
        Assert.Equal(2, executors.Count);
        Assert.Contains("## Context for this attempt\nA reviewer flagged blocking issues with your earlier implementation:\n- tests fail: NullReferenceException in Parse (src/c1.cs:12)\nFix these specifically.", executors[1].Prompt);
        Assert.Single(runner.JobsFor(AgentRole.Executor, "c2"));

        // Only the fixed chunk is re-reviewed.
        Assert.Equal(2, runner.JobsFor(AgentRole.Reviewer, "c1").Count);
        Assert.Single(runner.JobsFor(AgentRole.Reviewer, "c2"));
    }

    [Fact]
    public async Task The_cap_is_hit_after_two_iterations()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner().Reviewer("c1", ScriptedStep.Findings(Blocker("c1")));

        var result = await harness.RunAsync(runner, BuildLoopHarness.Input([Chunk("c1")]), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, result.Iterations);
        Assert.True(result.HitReviewCap);
        Assert.Equal([Blocker("c1")], result.UnresolvedBlockers);
        Assert.Equal(3, runner.JobsFor(AgentRole.Executor, "c1").Count);
        Assert.Equal(3, runner.JobsFor(AgentRole.Reviewer, "c1").Count);
        Assert.Empty(result.Clean);
        Assert.True(result.PerChunk.Single().Ok);
    }

    [Fact]
    public async Task A_fix_iteration_reruns_the_full_ladder()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner()
            .Executor("c1", ScriptedStep.Done(), ScriptedStep.Blocked("cannot reproduce"), ScriptedStep.Done("fixed"))
            .Reviewer("c1", ScriptedStep.Findings(Blocker("c1")), ScriptedStep.Clean());

        var result = await harness.RunAsync(runner, BuildLoopHarness.Input([Chunk("c1", model: "haiku")]), cancellationToken: TestContext.Current.CancellationToken);

        var executors = runner.JobsFor(AgentRole.Executor, "c1");
        Assert.Equal([1, 1, 2], executors.Select(j => j.Attempt));
        Assert.Contains("A reviewer flagged blocking issues", executors[2].Prompt);
        Assert.Contains("Attempt 1 did not complete. Reported blocker: cannot reproduce", executors[2].Prompt);
        var chunk = result.PerChunk.Single();
        Assert.Equal(2, chunk.Attempts);
        Assert.Equal("fixed", chunk.Summary);
        Assert.Equal(1, result.Iterations);
    }

    [Fact]
    public async Task Concerns_and_nits_are_never_auto_fixed_and_a_nit_only_chunk_is_not_clean()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner()
            .Reviewer("c1", ScriptedStep.Findings(new ReviewFinding("c1", FindingSeverity.Nit, "trailing whitespace")))
            .Reviewer("c2", ScriptedStep.Findings(new ReviewFinding("c2", FindingSeverity.Concern, "consider caching")));

        var result = await harness.RunAsync(runner, BuildLoopHarness.Input([Chunk("c1"), Chunk("c2"), Chunk("c3")]), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0, result.Iterations);
        Assert.Equal(["c3"], result.Clean);
        Assert.Equal("trailing whitespace", Assert.Single(result.Nits).Title);
        Assert.Equal("consider caching", Assert.Single(result.Concerns).Title);
        Assert.Single(runner.JobsFor(AgentRole.Executor, "c1"));
        Assert.Single(runner.JobsFor(AgentRole.Executor, "c2"));
    }

    [Fact]
    public async Task Findings_naming_an_unknown_chunk_go_to_unassigned_and_per_chunk_findings_are_forced_to_their_chunk()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner()
            .Reviewer("c1", ScriptedStep.Findings(new ReviewFinding("c7", FindingSeverity.Concern, "wrong id on purpose")))
            .OpusReviewer(ScriptedStep.Findings(
                new ReviewFinding("c9", FindingSeverity.Blocker, "invented chunk"),
                new ReviewFinding("c2", FindingSeverity.Concern, "reviewed chunk outside the opus set"),
                new ReviewFinding("c10", FindingSeverity.Nit, "another invented chunk"),
                new ReviewFinding("c1", FindingSeverity.Nit, "opus nit")));

        var result = await harness.RunAsync(runner, BuildLoopHarness.Input([Chunk("c1", opusReview: true), Chunk("c2")]), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["c9", "c10"], result.Unassigned.Select(f => f.ChunkId));
        Assert.Equal(["c1", "c2"], result.Concerns.Select(f => f.ChunkId));
        Assert.Equal("wrong id on purpose", result.Concerns[0].Title);
        Assert.Equal("opus nit", Assert.Single(result.Nits).Title);

        // The invented blocker is not auto-fixed: there is no chunk to re-dispatch.
        Assert.Empty(result.UnresolvedBlockers);
        Assert.Equal(0, result.Iterations);
        Assert.Empty(result.Clean);
    }

    [Fact]
    public async Task Duplicate_findings_are_removed_by_the_contract_key()
    {
        using var harness = new BuildLoopHarness();
        var longTitle = new string('x', 60);
        var runner = new ScriptedAgentRunner()
            .Reviewer("c1", ScriptedStep.Findings(
                new ReviewFinding("c1", FindingSeverity.Concern, "Missing Null Check", File: "a.cs", Line: 3),
                new ReviewFinding("c1", FindingSeverity.Concern, "missing null check", "other detail", "a.cs", 3),
                new ReviewFinding("c1", FindingSeverity.Concern, "missing null check", File: "a.cs", Line: 4),
                new ReviewFinding("c1", FindingSeverity.Nit, longTitle + "A"),
                new ReviewFinding("c1", FindingSeverity.Nit, longTitle + "B")))
            .OpusReviewer(ScriptedStep.Findings(new ReviewFinding("c1", FindingSeverity.Concern, "MISSING NULL CHECK", File: "a.cs", Line: 3)));

        var result = await harness.RunAsync(runner, BuildLoopHarness.Input([Chunk("c1", opusReview: true)]), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([3, 4], result.Concerns.Select(f => f.Line));
        Assert.Equal("Missing Null Check", result.Concerns[0].Title);
        Assert.Single(result.Nits);
        Assert.Equal("c1|concern|a.cs|3|missing null check", FindingDeduplicator.Key(result.Concerns[0]));
    }

    [Fact]
    public async Task A_reviewer_with_invalid_output_leaves_its_chunk_unreviewed_and_not_clean()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner().Reviewer("c1", ScriptedStep.RawJson("""{"findings":[{"chunkId":"c1","severity":"critical","title":"x"}]}"""));

        var result = await harness.RunAsync(runner, BuildLoopHarness.Input([Chunk("c1"), Chunk("c2")]), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["c2"], result.Clean);
        var review = result.Attempts.Single(a => a.Role == AgentRole.Reviewer && a.ChunkId == "c1");
        Assert.Equal(AttemptOutcome.Failed, review.Outcome);
        Assert.Contains("\"severity\" must be \"blocker\", \"concern\" or \"nit\", got \"critical\"", review.Reason);
    }
}
