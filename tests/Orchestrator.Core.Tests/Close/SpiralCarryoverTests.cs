using Orchestrator.Core.Agents;
using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Close.Issues;
using Orchestrator.Core.Close.Safety;
using Orchestrator.Core.Close.Verification;
using Orchestrator.Core.Common;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Tests.Close;

/// <summary>A chunk whose last attempt ended in a spiral is carried over at high priority; other failures at medium.</summary>
public sealed class SpiralCarryoverTests
{
    private static PlannedChunk Planned(string id) => new(id, $"Build {id}", [$"src/{id}.cs"], ModelTier.Sonnet, false, null, false, [], 0, 0);

    private static ChunkSnapshot Failed(string id) => new(id, ChunkRunState.Failed, 3, ModelTier.Opus, null, "gave up", null, null, []);

    private static AttemptRecord Attempt(string chunk, int n, AttemptOutcome outcome) =>
        new(chunk, n, AgentRole.Executor, ModelTier.Sonnet, 10, 0.1m, TokenUsage.None, outcome, outcome.ToString(), null);

    [Fact]
    public void Only_the_chunk_whose_last_attempt_spiralled_gets_a_high_priority_carryover()
    {
        var snapshot = new RunSnapshot
        {
            RunId = "run-1",
            Status = BuildRunStatus.CompletedWithFailures,
            Chunks = [Failed("a"), Failed("b")],
            Attempts =
            [
                Attempt("a", 1, AttemptOutcome.Failed), Attempt("a", 2, AttemptOutcome.Stalled), Attempt("a", 3, AttemptOutcome.Spiral),
                Attempt("b", 1, AttemptOutcome.Spiral), Attempt("b", 2, AttemptOutcome.Failed), Attempt("b", 3, AttemptOutcome.Blocked),
            ],
        };
        var runs = new[] { new RunEvidence("run-1", null, snapshot, [], null) };
        var verification = PlanVerifier.Verify([Planned("a"), Planned("b")], runs, "# Plan\n");
        var session = new SessionState { Branch = "wip", StartedAt = DateTimeOffset.UnixEpoch, Session = "20261130-000000-s-0000", Description = "S", ProjectRoot = "/r", WorkTree = "/r" };

        var spiral = SafetyReviewBuilder.EndedInSpiral(new VerifiedSession(verification, runs));

        Assert.Equal(["a"], spiral);
        var byId = verification.Chunks.ToDictionary(c => c.ChunkId);
        var high = CarryoverIssues.ForChunk(session, byId["a"], endedInSpiral: true);
        var medium = CarryoverIssues.ForChunk(session, byId["b"], spiral.Contains("b"));
        Assert.Contains("priority:high", high.Labels);
        Assert.Contains("Ended in a spiral", high.Body, StringComparison.Ordinal);
        Assert.Contains("priority:medium", medium.Labels);
        Assert.DoesNotContain("Ended in a spiral", medium.Body, StringComparison.Ordinal);
    }
}
