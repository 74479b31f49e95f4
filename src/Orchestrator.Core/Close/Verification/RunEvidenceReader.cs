using System.Text.Json;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Journal;
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
            var snapshot = events.Count > 0 && events[0].Type == RunEventTypes.RunStarted ? RunJournal.Fold(events) : null;
            var chunks = events.Count > 0 ? ChunksOf(events[0].Data) : [];
            if (snapshot is null && problem is null)
            {
                problem = "events.jsonl is missing or does not start with run.started";
            }

            runs.Add(new RunEvidence(runId, result, snapshot, chunks, problem));
        }

        return runs;
    }

    private static IReadOnlyList<PlannedChunk> ChunksOf(JsonElement started)
    {
        try
        {
            if (started.TryGetProperty("chunks", out var chunks) && chunks.ValueKind == JsonValueKind.Array)
            {
                return chunks.Deserialize(BuildJson.TypeInfo<List<PlannedChunk>>()) ?? [];
            }

            if (started.TryGetProperty("input", out var input) && input.Deserialize(BuildJson.TypeInfo<BuildRunInput>()) is { } raw)
            {
                return ChunkPlanValidator.ValidateWaves(raw.Waves, null).Plan?.Chunks ?? [];
            }
        }
        catch (JsonException)
        {
            // Unreadable chunk lists: the snapshot still names the chunks by id.
        }

        return [];
    }
}
