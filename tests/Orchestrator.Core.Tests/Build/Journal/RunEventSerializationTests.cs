using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Journal.Events;
using Orchestrator.Core.Build.Runs;

namespace Orchestrator.Core.Tests.Build.Journal;

public sealed class RunEventSerializationTests
{
    [Fact]
    public void Every_line_of_the_v1_fixture_reads_as_its_typed_event_and_serialises_back_to_the_same_json()
    {
        var lines = File.ReadAllLines(JournalFixtureTests.FixturePath);

        Assert.Equal(50, lines.Length);
        foreach (var line in lines)
        {
            Assert.True(RunJournal.TryParse(line, out var e), line);
            var written = RunJournal.Serialize(e);

            Assert.Equal(JsonNode.Parse(line)!["type"]!.GetValue<string>(), e.Type);
            Assert.Null(e.UnknownFields);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(line), JsonNode.Parse(written)), $"{line}\nwas written back as\n{written}");
        }
    }

    [Fact]
    public void The_v1_fixture_reads_as_the_typed_events_it_recorded()
    {
        using var harness = new BuildLoopHarness();
        Directory.CreateDirectory(harness.RunDirectory);
        File.Copy(JournalFixtureTests.FixturePath, RunJournal.PathIn(harness.RunDirectory));

        var events = RunJournal.ReadEvents(harness.RunDirectory);

        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), events.Select(e => e.Seq));
        var started = Assert.IsType<RunStarted>(events[0]);
        Assert.Equal(("run-1", "Add a report page", true, 5, 1, 5m), (started.RunId, started.Input!.Description, started.Input.TestsRequired, started.Chunks!.Count, started.Options!.MaxParallel, started.Options.BudgetUsd));
        Assert.Equal(["c1"], started.Chunks.Single(c => c.Id == "c5").Dependencies);
        var resumed = Assert.IsType<RunResumed>(events[27]);
        Assert.Equal((7, 10m), (resumed.ReplayedAttempts, resumed.Options!.BudgetUsd));
        var violated = Assert.IsType<AttemptFinished>(events[22]);
        Assert.Equal((AttemptOutcome.Failed, "touched too much", 0.25m), (violated.Outcome, violated.Executor!.Summary, violated.CostUsd));
        Assert.Equal(["src/other.cs"], violated.ScopeViolations!);
        var cleanup = Assert.IsType<WorkspaceCleanupFailed>(events[8]);
        Assert.Equal(("c2", "device or resource busy"), (cleanup.ChunkId, cleanup.Reason));
        Assert.Equal("chunk.skipped:c4:dependency failed: c2", Assert.IsType<ChunkSkipped>(events[20]).Once);
        Assert.Equal(("all 12 tests passed", true), (Assert.IsType<TestsFinished>(events[48]).Detail, Assert.IsType<TestsFinished>(events[48]).Passed));
        var finished = Assert.IsType<RunFinished>(events[49]);
        Assert.Equal((BuildRunStatus.Completed, 5.25m, 3532L), (finished.Status, finished.CostUsd, finished.DurationMs));
    }

    [Fact]
    public void Fields_this_version_does_not_know_are_kept_when_an_event_is_read_and_written_again()
    {
        const string line = """{"seq":3,"ts":"2026-01-01T00:00:00.0000000Z","type":"chunk.skipped","chunkId":"c4","reason":"dependency failed: c2","priority":{"level":2},"tags":["x"]}""";

        Assert.True(RunJournal.TryParse(line, out var e));

        var skipped = Assert.IsType<ChunkSkipped>(e);
        Assert.Equal(("c4", "dependency failed: c2"), (skipped.ChunkId, skipped.Reason));
        Assert.Equal(["priority", "tags"], skipped.UnknownFields!.Keys.Order());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(line), JsonNode.Parse(RunJournal.Serialize(e))));
    }

    [Fact]
    public void An_event_type_from_a_newer_server_is_skipped_by_readers_and_numbered_after_by_the_writer()
    {
        using var harness = new BuildLoopHarness();
        Directory.CreateDirectory(harness.RunDirectory);
        var fixture = File.ReadAllLines(JournalFixtureTests.FixturePath);
        File.WriteAllLines(
            RunJournal.PathIn(harness.RunDirectory),
            [fixture[0], fixture[1], fixture[2], """{"seq":4,"ts":"2026-11-30T01:23:01.5000000Z","type":"chunk.paused","chunkId":"c1","until":"later"}"""]);

        var events = RunJournal.ReadEvents(harness.RunDirectory);
        var snapshot = RunJournal.ReadSnapshot(harness.RunDirectory)!;
        using (var writer = RunJournalWriter.Open(harness.RunDirectory, TimeProvider.System, null, out var existing))
        {
            Assert.Equal([1L, 2L, 3L], existing.Select(e => e.Seq));
            var appended = writer.Append(new PhaseChanged { Phase = "review", Iteration = 0 })!;
            Assert.Equal(5, appended.Seq);
        }

        Assert.Equal([RunEventTypes.RunStarted, RunEventTypes.PhaseChanged, RunEventTypes.AttemptStarted], events.Select(e => e.Type));
        Assert.Equal(3, snapshot.LastSeq);
        Assert.Equal(ChunkRunState.Running, snapshot.Chunks.Single(c => c.Id == "c1").State);
        Assert.Equal([1L, 2L, 3L, 5L], RunJournal.ReadEvents(harness.RunDirectory).Select(e => e.Seq));
    }

    [Fact]
    public void Each_event_record_carries_the_type_it_is_written_with()
    {
        var derived = typeof(RunEvent).GetCustomAttributes<JsonDerivedTypeAttribute>().ToList();

        Assert.Equal(13, derived.Count);
        Assert.Equal(derived.Count, typeof(RunEvent).Assembly.GetTypes().Count(t => t.IsSubclassOf(typeof(RunEvent))));
        foreach (var attribute in derived)
        {
            var e = (RunEvent)Activator.CreateInstance(attribute.DerivedType)!;
            Assert.Equal(attribute.TypeDiscriminator, e.Type);
            using var line = JsonDocument.Parse(RunJournal.Serialize(e));
            Assert.Equal(e.Type, line.RootElement.GetProperty("type").GetString());
        }
    }
}
