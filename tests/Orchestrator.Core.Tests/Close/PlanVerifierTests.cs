using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Close.Issues;
using Orchestrator.Core.Close.Verification;
using Orchestrator.Core.Common;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Tests.Close;

public sealed class PlanVerifierTests
{
    private static PlannedChunk Planned(string id, string scope, params string[] dependsOn) =>
        new(id, scope, [$"src/{id}.cs"], ModelTier.Sonnet, false, null, false, dependsOn, 0, 0);

    private static ChunkSnapshot Snap(string id, ChunkRunState state, int attempts, string? blocker = null, string? skip = null) =>
        new(id, state, attempts, ModelTier.Sonnet, state == ChunkRunState.Succeeded ? "ok" : null, blocker, skip, null, state == ChunkRunState.Succeeded ? [$"src/{id}.cs"] : []);

    private static RunEvidence Run(string id, IReadOnlyList<ChunkSnapshot> chunks, BuildRunResult? result = null) =>
        new(id, result, new RunSnapshot { RunId = id, Status = BuildRunStatus.Completed, Chunks = chunks }, [], null);

    [Fact]
    public void The_latest_run_that_ran_a_chunk_decides_and_every_state_has_its_evidence()
    {
        PlannedChunk[] chunks = [Planned("a", "Parse the input"), Planned("b", "Render the output", "a"), Planned("c", "Cache results"), Planned("d", "Log requests")];
        var run1 = Run("run-1",
            [Snap("a", ChunkRunState.Failed, 3, blocker: "parser generator missing"), Snap("b", ChunkRunState.Skipped, 0, skip: "dependency failed: a"), Snap("d", ChunkRunState.Succeeded, 1)],
            new BuildRunResult { RunId = "run-1", Status = BuildRunStatus.Completed, UnresolvedBlockers = [new ReviewFinding("d", FindingSeverity.Blocker, "Logs the password", "writes the raw body", "src/d.cs", 3)] });
        var run2 = Run("run-2", [Snap("a", ChunkRunState.Succeeded, 1), Snap("b", ChunkRunState.Pending, 0)]);

        var verification = PlanVerifier.Verify(chunks, [run1, run2], "# Plan\n1. Parser in `src/a.cs`\n2. Render the output nicely\n3. Document the public API\n   - nested detail\n");

        var byId = verification.Chunks.ToDictionary(c => c.ChunkId);
        Assert.Equal(("done", "run-2"), (byId["a"].Status.ToSnakeCase(), byId["a"].RunId));
        Assert.Equal(("not_started", "dependency failed: a"), (byId["b"].Status.ToSnakeCase(), byId["b"].Blocker));
        Assert.Equal(("not_started", "no build run executed this chunk"), (byId["c"].Status.ToSnakeCase(), byId["c"].Evidence));
        Assert.Equal("partial", byId["d"].Status.ToSnakeCase());
        Assert.Contains("1 review blocker(s) remain (Logs the password)", byId["d"].Evidence);
        Assert.Equal([1, 2, 1, 1], verification.Chunks.Select(c => c.Wave));
        Assert.Equal(["Document the public API"], verification.UncoveredPlanItems);
        Assert.Equal(0.25, verification.CompletionRate);

        var session = new SessionState
        {
            Branch = "wip-x", StartedAt = DateTimeOffset.UnixEpoch, Session = "20261121-000000-x-0000", Description = "X", ProjectRoot = "/r", WorkTree = "/r", Issues = ["#7 bug"],
        };
        var skipped = CarryoverIssues.ForChunk(session, byId["b"]);
        var partial = CarryoverIssues.ForChunk(session, byId["d"]);
        Assert.Equal("[Carryover] Render the output", skipped.Title);
        Assert.Contains("As soon as the chunk(s) it depends on are done (a)", skipped.Body);
        Assert.Contains("- [ ] Review blocker: Logs the password (`src/d.cs:3`)", partial.Body);
        Assert.Contains("Logs the password: writes the raw body", partial.Body);
        Assert.Contains("Relates to #7", partial.Body);
        Assert.NotEqual(skipped.Marker, partial.Marker);
        Assert.Equal(skipped.Marker, CarryoverIssues.ForChunk(session with { Session = "20261122-000000-y-0000" }, byId["b"]).Marker);
    }
}
