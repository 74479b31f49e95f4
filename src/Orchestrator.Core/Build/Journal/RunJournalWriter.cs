using System.Text.Json;

namespace Orchestrator.Core.Build.Journal;

/// <summary>
/// Appends events to events.jsonl and fsyncs them before returning, so a state change is durable before it takes
/// effect. Concurrent appends are group-committed: whoever holds the flush lock writes and fsyncs every pending line
/// at once, so many agents finishing together cost one fsync instead of one each. Events are applied to the live
/// snapshot (the same fold readers use) and published in seq order, after they are durable.
/// </summary>
internal sealed class RunJournalWriter : IDisposable
{
    private readonly object _appendGate = new();
    private readonly object _flushGate = new();
    private readonly FileStream _stream;
    private readonly TimeProvider _timeProvider;
    private readonly RunEventBroadcaster? _broadcaster;
    private readonly RunSnapshotBuilder _builder = new();
    private readonly HashSet<string> _onceKeys = new(StringComparer.Ordinal);
    private readonly List<(RunEvent Event, byte[] Line)> _pending = [];
    private long _seq;
    private long _durableSeq;
    private RunSnapshot _snapshot = new();

    private RunJournalWriter(FileStream stream, TimeProvider timeProvider, RunEventBroadcaster? broadcaster)
    {
        _stream = stream;
        _timeProvider = timeProvider;
        _broadcaster = broadcaster;
    }

    /// <summary>The live snapshot (after the last durable event).</summary>
    public RunSnapshot Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>Opens (or creates) the journal, dropping a torn last line and replaying existing events into the snapshot.</summary>
    public static RunJournalWriter Open(string runDirectory, TimeProvider timeProvider, RunEventBroadcaster? broadcaster, out IReadOnlyList<RunEvent> existing)
    {
        Directory.CreateDirectory(runDirectory);
        var (events, validLength, lastSeq) = RunJournal.ReadAll(runDirectory);
        var stream = new FileStream(RunJournal.PathIn(runDirectory), FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, 4096, FileOptions.None);
        if (stream.Length != validLength)
        {
            // A torn line would otherwise glue itself to the next event and corrupt it.
            stream.SetLength(validLength);
            stream.Flush(flushToDisk: true);
        }

        stream.Seek(0, SeekOrigin.End);
        var writer = new RunJournalWriter(stream, timeProvider, broadcaster) { _seq = lastSeq };
        foreach (var e in events)
        {
            if (e.Once is { } key)
            {
                writer._onceKeys.Add(key);
            }

            writer._builder.Apply(e);
            writer._snapshot = writer._builder.Current;
            broadcaster?.Publish(e, writer._snapshot);
        }

        writer._durableSeq = writer._seq;
        existing = events;
        return writer;
    }

    /// <summary>
    /// Appends one event (its seq and timestamp are assigned here) and returns it, as read back from its line, once
    /// it is on disk. With <paramref name="onceKey"/>, an event already journalled under that key (e.g. by the process
    /// that crashed) is not written again and null is returned.
    /// </summary>
    public RunEvent? Append(RunEvent runEvent, string? onceKey = null)
    {
        lock (_appendGate)
        {
            if (onceKey is not null && !_onceKeys.Add(onceKey))
            {
                return null;
            }

            var line = JsonSerializer.SerializeToUtf8Bytes(
                runEvent with { Seq = ++_seq, Timestamp = _timeProvider.GetUtcNow(), Once = onceKey },
                RunEventJsonContext.Default.RunEvent);

            // What is applied and published is the line read back, not the caller's object: the live snapshot is
            // then exactly the one a reader folds from disk, and no caller-owned list is shared with subscribers.
            runEvent = JsonSerializer.Deserialize(line, RunEventJsonContext.Default.RunEvent)!;
            _pending.Add((runEvent, [.. line, (byte)'\n']));
        }

        lock (_flushGate)
        {
            if (Volatile.Read(ref _durableSeq) >= runEvent.Seq)
            {
                // Another appender's flush already made this line durable.
                return runEvent;
            }

            List<(RunEvent Event, byte[] Line)> batch;
            lock (_appendGate)
            {
                batch = [.. _pending];
                _pending.Clear();
            }

            foreach (var (_, bytes) in batch)
            {
                _stream.Write(bytes);
            }

            _stream.Flush(flushToDisk: true);
            foreach (var (e, _) in batch)
            {
                _builder.Apply(e);
                Volatile.Write(ref _snapshot, _builder.Current);

                // Published under the flush lock so subscribers see events in seq order.
                _broadcaster?.Publish(e, _snapshot);
            }

            Volatile.Write(ref _durableSeq, batch[^1].Event.Seq);
        }

        return runEvent;
    }

    public void Dispose()
    {
        lock (_flushGate)
        {
            _stream.Dispose();
        }
    }
}
