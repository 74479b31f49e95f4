using System.Text.Json;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Journal.Events;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Close.Verification;

/// <summary>Reads a session's runs from <c>.orchestrator/runs/&lt;runId&gt;/</c>; an unreadable run is evidence with a problem, never an exception.</summary>
public static class RunEvidenceReader
{
    public static IReadOnlyList<RunEvidence> Read(string runsDirectory, IEnumerable<string> runIds)
    {
        ArgumentNullException.ThrowIfNull(runIds);
        var runs = new List<RunEvidence>();
        foreach (var runId in runIds.Distinct(StringComparer.Ordinal))
        {
            var directory = Path.Combine(runsDirectory, runId);
            if (runId.Contains('/') || runId.Contains('\\') || runId.Contains("..", StringComparison.Ordinal) || !Directory.Exists(directory))
            {
                runs.Add(new RunEvidence(runId, null, null, [], $"run directory {directory} does not exist"));
                continue;
            }

            string? problem = null;
            BuildRunResult? result = null;
            try
            {
                result = RunJournal.ReadResult(directory);
            }
            catch (Exception ex) when (ex is JsonException or IOException)
            {
                problem = $"result.json is unreadable ({ex.Message})";
            }

            var events = RunJournal.ReadEvents(directory);
            var started = events.Count > 0 ? events[0] as RunStarted : null;
            var snapshot = started is null ? null : RunJournal.Fold(events);
            var chunks = started is null ? [] : ChunksOf(started);
            if (snapshot is null && problem is null)
            {
                problem = "events.jsonl is missing or does not start with run.started";
            }

            runs.Add(new RunEvidence(runId, result, snapshot, chunks, problem));
        }

        return runs;
    }

    private static IReadOnlyList<PlannedChunk> ChunksOf(RunStarted started) =>
        // An unreadable chunk list reads as null (the snapshot still names the chunks by id); a run journalled with
        // an invalid plan has only its raw waves.
        started.Chunks
        ?? (started.Input?.Waves is { } waves ? ChunkPlanValidator.ValidateWaves(waves, null).Plan?.Chunks : null)
        ?? [];
}
