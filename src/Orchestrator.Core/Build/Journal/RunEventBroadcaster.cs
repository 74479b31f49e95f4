using Orchestrator.Core.Build.Journal.Events;

namespace Orchestrator.Core.Build.Journal;

/// <summary>
/// In-process feed of one run's events and live snapshot, for build_status long-polls: a waiter awaits the next
/// append (no polling). Create one per run and pass it to <see cref="BuildLoop"/>.
/// </summary>
public sealed class RunEventBroadcaster
{
    private readonly object _gate = new();
    private readonly List<RunEvent> _events = [];
    private readonly TimeProvider _timeProvider;
    private TaskCompletionSource _next = NewSignal();
    private RunSnapshot? _snapshot;
    private bool _finished;

    /// <summary>Creates a broadcaster; <paramref name="timeProvider"/> drives the long-poll bound.</summary>
    public RunEventBroadcaster(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    /// <summary>Raised after each append, on the appending thread: keep handlers short.</summary>
    public event Action<RunEvent>? EventAppended;

    /// <summary>The live snapshot (null before the first event).</summary>
    public RunSnapshot? Snapshot
    {
        get
        {
            lock (_gate)
            {
                return _snapshot;
            }
        }
    }

    /// <summary>Seq of the last event (0 before the first).</summary>
    public long LastSeq
    {
        get
        {
            lock (_gate)
            {
                return _events.Count == 0 ? 0 : _events[^1].Seq;
            }
        }
    }

    /// <summary>True once the terminal run.finished event was published by this process.</summary>
    public bool IsFinished
    {
        get
        {
            lock (_gate)
            {
                return _finished;
            }
        }
    }

    /// <summary>Events with seq greater than <paramref name="afterSeq"/> (those this broadcaster saw).</summary>
    public IReadOnlyList<RunEvent> EventsAfter(long afterSeq)
    {
        lock (_gate)
        {
            return After(afterSeq);
        }
    }

    /// <summary>
    /// Returns the events after <paramref name="afterSeq"/> as soon as there is at least one, or an empty list when
    /// <paramref name="maxWait"/> elapses first or the run has finished. Throws only when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async Task<IReadOnlyList<RunEvent>> WaitForEventsAfterAsync(long afterSeq, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        Task signal;
        lock (_gate)
        {
            var ready = After(afterSeq);
            if (ready.Count > 0 || _finished)
            {
                return ready;
            }

            signal = _next.Task;
        }

        using var timeout = new CancellationTokenSource(maxWait, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            await signal.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return [];
        }

        return EventsAfter(afterSeq);
    }

    internal void Publish(RunEvent runEvent, RunSnapshot snapshot)
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            _events.Add(runEvent);
            _snapshot = snapshot;
            if (runEvent is RunFinished)
            {
                _finished = true;
            }
            else if (runEvent is RunResumed)
            {
                _finished = false;
            }

            signal = _next;
            _next = NewSignal();
        }

        signal.TrySetResult();
        EventAppended?.Invoke(runEvent);
    }

    private List<RunEvent> After(long afterSeq)
    {
        var index = _events.FindIndex(e => e.Seq > afterSeq);
        return index < 0 ? [] : _events.GetRange(index, _events.Count - index);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
