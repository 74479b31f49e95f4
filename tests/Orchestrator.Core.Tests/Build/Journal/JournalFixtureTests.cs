using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Tests.Build.Journal;

/// <summary>
/// Fixtures/events-v1.jsonl was written by the build loop before the journal was typed (see
/// <see cref="JournalFixtureScenario"/>): journals already on disk must stay readable.
/// </summary>
public sealed class JournalFixtureTests
{
    internal static readonly string FixturePath = Path.Combine(AppContext.BaseDirectory, "Build", "Journal", "Fixtures", "events-v1.jsonl");

    [Fact]
    public void The_v1_fixture_folds_to_the_run_it_recorded()
    {
        using var harness = new BuildLoopHarness();
        Directory.CreateDirectory(harness.RunDirectory);
        File.Copy(FixturePath, RunJournal.PathIn(harness.RunDirectory));

        var snapshot = RunJournal.ReadSnapshot(harness.RunDirectory)!;

        Assert.Equal(("run-1", BuildRunStatus.Completed, "done", 1, (string?)null, 50L), (snapshot.RunId, snapshot.Status, snapshot.Phase, snapshot.Iteration, snapshot.StopReason, snapshot.LastSeq));
        Assert.Equal(DateTimeOffset.Parse("2026-11-30T01:23:00.2262452Z", System.Globalization.CultureInfo.InvariantCulture), snapshot.StartedAt);
        Assert.Equal(DateTimeOffset.Parse("2026-11-30T01:23:03.7774514Z", System.Globalization.CultureInfo.InvariantCulture), snapshot.FinishedAt);
        Assert.Equal(5.25m, snapshot.CostUsd);
        Assert.Equal(
            [
                new ChunkSnapshot("c1", ChunkRunState.Succeeded, 2, ModelTier.Haiku, "added the api", null, null, true, ["src/c1.cs"]),
                new ChunkSnapshot("c2", ChunkRunState.Failed, 3, ModelTier.Opus, "could not finish", "schema missing", null, null, []),
                new ChunkSnapshot("c3", ChunkRunState.Succeeded, 1, ModelTier.Sonnet, "implemented c3", null, null, true, []),
                new ChunkSnapshot("c4", ChunkRunState.Skipped, 0, null, null, null, "dependency failed: c2", null, []),
                new ChunkSnapshot("c5", ChunkRunState.Succeeded, 2, ModelTier.Sonnet, "report page wired", null, null, true, ["src/c5.cs"]),
            ],
            snapshot.Chunks,
            ChunkComparer.Instance);
        Assert.Equal(
            [
                new ReviewFinding("c1", FindingSeverity.Concern, "No paging"),
                new ReviewFinding("c1", FindingSeverity.Concern, "Cache the totals"),
                new ReviewFinding("c3", FindingSeverity.Nit, "Name the magic number"),
            ],
            snapshot.Findings);
        Assert.Equal([new ReviewFinding("elsewhere", FindingSeverity.Concern, "Docs lag behind")], snapshot.Unassigned);
        Assert.Equal(["c1", "c5", "c3"], snapshot.Reviewed);
        var scope = Assert.Single(snapshot.ScopeViolations);
        Assert.Equal(("c5", 1, "scope violation: edited files outside chunk c5: src/other.cs; only src/c5.cs may change"), (scope.ChunkId, scope.Attempt, scope.Reason));
        Assert.Equal(["src/other.cs"], scope.Files);

        var tokens = new TokenUsage(1000, 200, 0, 0);
        AttemptRecord Attempt(string? chunk, int attempt, AgentRole role, ModelTier tier, long ms, decimal cost, AttemptOutcome outcome, string? reason, string log) =>
            new(chunk, attempt, role, tier, ms, cost, outcome == AttemptOutcome.Cancelled ? TokenUsage.None : tokens, outcome, reason, Path.Combine("/tmp/engine-tests/26774-1-d077f7208c1241e0a6c53c1097ef4c68/runs/run-1/logs", log));
        Assert.Equal(
            [
                Attempt("c1", 1, AgentRole.Executor, ModelTier.Haiku, 143, 0.25m, AttemptOutcome.Blocked, "needs the api types", "c1-1.log"),
                Attempt("c1", 2, AgentRole.Executor, ModelTier.Haiku, 38, 0.25m, AttemptOutcome.Succeeded, null, "c1-2.log"),
                Attempt("c2", 1, AgentRole.Executor, ModelTier.Sonnet, 29, 0.25m, AttemptOutcome.Blocked, "no schema", "c2-1.log"),
                Attempt("c2", 2, AgentRole.Executor, ModelTier.Sonnet, 19, 0.25m, AttemptOutcome.Blocked, "still no schema", "c2-2.log"),
                Attempt("c2", 3, AgentRole.Executor, ModelTier.Opus, 22, 0.25m, AttemptOutcome.Blocked, "schema missing", "c2-3.log"),
                Attempt("c3", 1, AgentRole.Executor, ModelTier.Sonnet, 0, 0.25m, AttemptOutcome.Succeeded, null, "c3-1.log"),
                Attempt("c5", 1, AgentRole.Executor, ModelTier.Sonnet, 0, 0.25m, AttemptOutcome.Failed, scope.Reason, "c5-1.log"),
                Attempt("c5", 2, AgentRole.Executor, ModelTier.Sonnet, 65, 0m, AttemptOutcome.Cancelled, "cancelled", "c5-2.log"),
                Attempt("c5", 2, AgentRole.Executor, ModelTier.Sonnet, 0, 0.5m, AttemptOutcome.Succeeded, null, "c5-2.log"),
                Attempt("c1", 1, AgentRole.Reviewer, ModelTier.Sonnet, 1, 0.5m, AttemptOutcome.Succeeded, null, "review-c1-0.log"),
                Attempt("c3", 1, AgentRole.Reviewer, ModelTier.Sonnet, 0, 0.5m, AttemptOutcome.Succeeded, null, "review-c3-0.log"),
                Attempt("c5", 1, AgentRole.Reviewer, ModelTier.Sonnet, 1, 0.5m, AttemptOutcome.Succeeded, null, "review-c5-0.log"),
                Attempt(null, 1, AgentRole.OpusReviewer, ModelTier.Opus, 0, 0.5m, AttemptOutcome.Succeeded, null, "review-opus-0.log"),
                Attempt("c3", 1, AgentRole.Executor, ModelTier.Sonnet, 0, 0.5m, AttemptOutcome.Succeeded, null, "c3-fix1-1.log"),
                Attempt("c3", 1, AgentRole.Reviewer, ModelTier.Sonnet, 0, 0.5m, AttemptOutcome.Succeeded, null, "review-c3-1.log"),
            ],
            snapshot.Attempts);
    }

    [Fact]
    public async Task The_fixture_scenario_run_today_folds_like_the_fixture_apart_from_times_and_paths()
    {
        using var fixture = new BuildLoopHarness();
        Directory.CreateDirectory(fixture.RunDirectory);
        File.Copy(FixturePath, RunJournal.PathIn(fixture.RunDirectory));
        using var harness = new BuildLoopHarness();

        var (cancelled, resumed) = await JournalFixtureScenario.RunAsync(harness, TestContext.Current.CancellationToken);

        // The scenario has a failed chunk: today's loop records it (the v1 fixture said "completed", which the status
        // rule judges again from the chunks, so both read as completed_with_failures).
        Assert.Equal((BuildRunStatus.Cancelled, BuildRunStatus.CompletedWithFailures), (cancelled.Status, resumed.Status));
        Assert.Equal(BuildRunStatus.Completed, RunJournal.ReadSnapshot(fixture.RunDirectory)!.Status);
        Assert.Equal(RunStatus.CompletedWithFailures, RunStatusRule.Of(RunJournal.ReadSnapshot(fixture.RunDirectory), executing: false));

        // Lines in today's format read and write back byte for byte.
        foreach (var line in File.ReadAllLines(RunJournal.PathIn(harness.RunDirectory)))
        {
            Assert.True(RunJournal.TryParse(line, out var e), line);
            Assert.Equal(line, RunJournal.Serialize(e));
        }

        Assert.Equal(
            BuildLoopHarness.Json(Timeless(RunJournal.ReadSnapshot(fixture.RunDirectory)!) with { Status = BuildRunStatus.CompletedWithFailures }),
            BuildLoopHarness.Json(Timeless(RunJournal.ReadSnapshot(harness.RunDirectory)!)));
    }

    private static RunSnapshot Timeless(RunSnapshot snapshot) => snapshot with
    {
        StartedAt = null,
        FinishedAt = null,
        Attempts = snapshot.Attempts.Select(a => a with { DurationMs = 0, LogPath = Path.GetFileName(a.LogPath) }).ToList(),
    };

    /// <summary>Chunk snapshots compared with their file lists by content.</summary>
    private sealed class ChunkComparer : IEqualityComparer<ChunkSnapshot>
    {
        public static readonly ChunkComparer Instance = new();

        public bool Equals(ChunkSnapshot? x, ChunkSnapshot? y) =>
            x is not null && y is not null && x with { FilesChanged = [] } == y with { FilesChanged = [] } && x.FilesChanged.SequenceEqual(y.FilesChanged);

        public int GetHashCode(ChunkSnapshot obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }
}
