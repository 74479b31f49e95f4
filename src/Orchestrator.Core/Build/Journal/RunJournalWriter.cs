using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Core.Build.Journal;

/// <summary>
/// Appends events to events.jsonl and fsyncs them before returning, so a state change is durable before it takes
/// effect. Concurrent appends are group-committed: whoever holds the flush lock writes and fsyncs every pending line
/// at once, so many agents finishing together cost one fsync instead of one each. Events are applied to the live
/// snapshot (the same fold readers use) and published in seq order, after they are durable.
/// </summary>
internal sealed class RunJournalWriter : IDisposable
{
    // Event payloads are still anonymous objects, which only reflection can serialise: the one place left that keeps the
    // native (AOT) build from compiling (docs/native-aot.md); typed payload records in BuildJsonContext remove it. The
    // pragmas quiet only the compile-time analyzer (so every other file stays checked in each build); the native
    // compiler still reports these two lines and fails the native build, as it should until then.
#pragma warning disable IL2026, IL3050
    private static readonly JsonSerializerOptions PayloadOptions = new(BuildJson.Options)
    {
        TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(
            BuildJson.Options.TypeInfoResolver, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()),
    };
#pragma warning restore IL2026, IL3050

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
        var (events, validLength) = RunJournal.ReadAll(runDirectory);
        var stream = new FileStream(RunJournal.PathIn(runDirectory), FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, 4096, FileOptions.None);
        if (stream.Length != validLength)
        {
            // A torn line would otherwise glue itself to the next event and corrupt it.
            stream.SetLength(validLength);
            stream.Flush(flushToDisk: true);
        }

        stream.Seek(0, SeekOrigin.End);
        var writer = new RunJournalWriter(stream, timeProvider, broadcaster);
        foreach (var e in events)
        {
            writer._seq = Math.Max(writer._seq, e.Seq);
            if (RunSnapshotBuilder.String(e.Data, "once") is { } key)
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
    /// Appends one event and returns once it is on disk. With <paramref name="onceKey"/>, an event already journalled
    /// under that key (e.g. by the process that crashed) is not written again and null is returned.
    /// </summary>
    public RunEvent? Append(string type, object payload, string? onceKey = null)
    {
#pragma warning disable IL2026, IL3050 // see PayloadOptions
        var body = JsonSerializer.SerializeToNode(payload, PayloadOptions) as JsonObject ?? [];
#pragma warning restore IL2026, IL3050
        RunEvent runEvent;
        lock (_appendGate)
        {
            if (onceKey is not null && !_onceKeys.Add(onceKey))
            {
                return null;
            }

            var seq = ++_seq;
            var ts = _timeProvider.GetUtcNow();
            var line = new JsonObject
            {
                ["seq"] = seq,
                ["ts"] = ts.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
                ["type"] = type,
            };
            if (onceKey is not null)
            {
                line["once"] = onceKey;
            }

            foreach (var (name, value) in body.ToList())
            {
                body.Remove(name);
                line[name] = value;
            }

            var text = line.ToJsonString(BuildJson.Options);
            using var document = JsonDocument.Parse(text);
            runEvent = new RunEvent(seq, ts, type, document.RootElement.Clone());
            _pending.Add((runEvent, Encoding.UTF8.GetBytes(text + "\n")));
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
