using System.Globalization;
using System.Text.Json;
using System.Text;
using Orchestrator.Core.Build.Runs;

namespace Orchestrator.Core.Build.Journal;

/// <summary>
/// Reads a run's events.jsonl. A torn last line (the process died mid-write) is ignored, as is any line that is not
/// a complete event object, so a crashed run can always be read and resumed.
/// </summary>
public static class RunJournal
{
    /// <summary>The journal's file name inside a run directory.</summary>
    public const string FileName = "events.jsonl";

    /// <summary>The result's file name inside a run directory.</summary>
    public const string ResultFileName = "result.json";

    /// <summary>Path of the journal of the run in <paramref name="runDirectory"/>.</summary>
    public static string PathIn(string runDirectory) => Path.Combine(runDirectory, FileName);

    /// <summary>Events with seq greater than <paramref name="afterSeq"/> (0 = all); empty when there is no journal.</summary>
    public static IReadOnlyList<RunEvent> ReadEvents(string runDirectory, long afterSeq = 0) =>
        ReadAll(runDirectory).Events.Where(e => e.Seq > afterSeq).ToList();

    /// <summary>The run's state folded from its journal alone; null when there is no readable run.started.</summary>
    public static RunSnapshot? ReadSnapshot(string runDirectory)
    {
        var events = ReadEvents(runDirectory);
        return events.Count == 0 || events[0].Type != RunEventTypes.RunStarted ? null : Fold(events);
    }

    /// <summary>Folds events (from seq 1) into a snapshot.</summary>
    public static RunSnapshot Fold(IEnumerable<RunEvent> events)
    {
        var builder = new RunSnapshotBuilder();
        foreach (var e in events)
        {
            builder.Apply(e);
        }

        return builder.Current;
    }

    /// <summary>The final result, if the run wrote one.</summary>
    public static BuildRunResult? ReadResult(string runDirectory)
    {
        var path = Path.Combine(runDirectory, ResultFileName);
        return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), BuildJson.TypeInfo<BuildRunResult>()) : null;
    }

    /// <summary>Parses the journal; <c>ValidLength</c> is the byte length up to the end of the last complete line.</summary>
    internal static (IReadOnlyList<RunEvent> Events, long ValidLength) ReadAll(string runDirectory)
    {
        var path = PathIn(runDirectory);
        if (!File.Exists(path))
        {
            return ([], 0);
        }

        byte[] bytes;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }

        var events = new List<RunEvent>();
        long validLength = 0;
        var start = 0;
        while (start < bytes.Length)
        {
            var newline = Array.IndexOf(bytes, (byte)'\n', start);
            if (newline < 0)
            {
                // No newline: the writer died before finishing this line.
                break;
            }

            var line = Encoding.UTF8.GetString(bytes, start, newline - start);
            validLength = newline + 1;
            start = newline + 1;
            if (TryParse(line, out var runEvent))
            {
                events.Add(runEvent);
            }
        }

        return (events, validLength);
    }

    internal static bool TryParse(string line, out RunEvent runEvent)
    {
        runEvent = null!;
        if (string.IsNullOrWhiteSpace(line))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("seq", out var seq) || !seq.TryGetInt64(out var seqValue)
                || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            var ts = root.TryGetProperty("ts", out var tsElement) && tsElement.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(tsElement.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                    ? parsed
                    : DateTimeOffset.MinValue;
            runEvent = new RunEvent(seqValue, ts, type.GetString()!, root.Clone());
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
