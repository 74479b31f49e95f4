using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Core.Build;

/// <summary>
/// Appends events to events.jsonl and fsyncs each one before returning, so a state change is durable before it
/// takes effect. Appends are serialised; the same fold that readers use keeps the live snapshot.
/// </summary>
internal sealed class RunJournalWriter : IDisposable
{
    private readonly object _gate = new();
    private readonly FileStream _stream;
    private readonly TimeProvider _timeProvider;
    private readonly RunEventBroadcaster? _broadcaster;
    private readonly RunSnapshotBuilder _builder = new();
    private readonly HashSet<string> _onceKeys = new(StringComparer.Ordinal);
    private long _seq;

    private RunJournalWriter(FileStream stream, TimeProvider timeProvider, RunEventBroadcaster? broadcaster)
    {
        _stream = stream;
        _timeProvider = timeProvider;
        _broadcaster = broadcaster;
    }

    /// <summary>The live snapshot.</summary>
    public RunSnapshot Snapshot
    {
        get
        {
            lock (_gate)
            {
                return _builder.Current;
            }
        }
    }

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
            broadcaster?.Publish(e, writer._builder.Current);
        }

        existing = events;
        return writer;
    }

    /// <summary>
    /// Appends one event and fsyncs it. With <paramref name="onceKey"/>, an event already journalled under that key
    /// (e.g. by the process that crashed) is not written again and null is returned.
    /// </summary>
    public RunEvent? Append(string type, object payload, string? onceKey = null)
    {
        var body = JsonSerializer.SerializeToNode(payload, BuildJson.Options) as JsonObject ?? [];
        RunEvent runEvent;
        RunSnapshot snapshot;
        lock (_gate)
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
            _stream.Write(Encoding.UTF8.GetBytes(text + "\n"));
            _stream.Flush(flushToDisk: true);

            using var document = JsonDocument.Parse(text);
            runEvent = new RunEvent(seq, ts, type, document.RootElement.Clone());
            _builder.Apply(runEvent);
            snapshot = _builder.Current;

            // Published under the lock so subscribers see events in seq order.
            _broadcaster?.Publish(runEvent, snapshot);
        }

        return runEvent;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stream.Dispose();
        }
    }
}
