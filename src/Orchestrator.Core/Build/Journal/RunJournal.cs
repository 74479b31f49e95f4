using System.Text;
using System.Text.Json;
using Orchestrator.Core.Build.Journal.Events;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Build.Journal;

/// <summary>
/// Reads a run's events.jsonl into typed <see cref="RunEvent"/>s. A torn last line (the process died mid-write) is
/// ignored, as is any line that is not a complete event this version knows (an event type from a newer server is
/// skipped), so a crashed run can always be read and resumed.
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

    /// <summary>One event as its journal line (without the newline).</summary>
    public static string Serialize(RunEvent runEvent) => JsonSerializer.Serialize(runEvent, RunEventJsonContext.Default.RunEvent);

    /// <summary>The run's state folded from its journal alone; null when there is no readable run.started.</summary>
    public static RunSnapshot? ReadSnapshot(string runDirectory)
    {
        var events = ReadEvents(runDirectory);
        return events.Count > 0 && events[0] is RunStarted ? Fold(events) : null;
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
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), BuildJson.TypeInfo<BuildRunResult>()) : null;
        }
        catch (JsonException ex)
        {
            throw new CorruptStateFileException(path, ex.Message,
                "The run's journal (events.jsonl) still tells its chunks: build_status(run_id) shows them; start a new run with build_start for a fresh result.");
        }
    }

    /// <summary>
    /// Parses the journal; <c>ValidLength</c> is the byte length up to the end of the last complete line, <c>LastSeq</c>
    /// the highest seq of any line, including events this version skips (the writer numbers after them).
    /// </summary>
    internal static (IReadOnlyList<RunEvent> Events, long ValidLength, long LastSeq) ReadAll(string runDirectory)
    {
        var path = PathIn(runDirectory);
        if (!File.Exists(path))
        {
            return ([], 0, 0);
        }

        byte[] bytes;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }

        var events = new List<RunEvent>();
        long validLength = 0;
        long lastSeq = 0;
        var start = 0;
        while (start < bytes.Length)
        {
            var newline = Array.IndexOf(bytes, (byte)'\n', start);
            if (newline < 0)
            {
                // No newline: the writer died before finishing this line.
                break;
            }

            var line = bytes.AsSpan(start, newline - start);
            validLength = newline + 1;
            start = newline + 1;
            if (TryParse(line, out var runEvent))
            {
                events.Add(runEvent);
                lastSeq = Math.Max(lastSeq, runEvent.Seq);
            }
            else if (SeqOf(line) is { } seq)
            {
                lastSeq = Math.Max(lastSeq, seq);
            }
        }

        return (events, validLength, lastSeq);
    }

    /// <summary>Reads one journal line; false for a blank, malformed or unknown-type line.</summary>
    internal static bool TryParse(string line, out RunEvent runEvent) => TryParse(Encoding.UTF8.GetBytes(line), out runEvent);

    private static bool TryParse(ReadOnlySpan<byte> line, out RunEvent runEvent)
    {
        runEvent = null!;
        try
        {
            if (line.IsEmpty || JsonSerializer.Deserialize(line, RunEventJsonContext.Default.RunEvent) is not { } parsed)
            {
                return false;
            }

            runEvent = parsed;
            return true;
        }
        catch (JsonException)
        {
            // Malformed, missing seq or type, or a type from a newer server.
            return false;
        }
    }

    private static long? SeqOf(ReadOnlySpan<byte> line)
    {
        try
        {
            return line.IsEmpty ? null : JsonSerializer.Deserialize(line, RunEventJsonContext.Default.RunEventSeq)?.Seq;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
