namespace Orchestrator.Core.Build.Scheduling;

/// <summary>
/// Limits how many agents run at once. Waiters are released by priority (higher first, then arrival order) when a
/// slot frees up, so long dependency chains start early; waiting is event-driven, never polled.
/// </summary>
internal sealed class ConcurrencyGate
{
    private readonly object _gate = new();
    private readonly int? _limit;
    private readonly PriorityQueue<TaskCompletionSource<bool>, (int NegativePriority, long Arrival)> _waiters = new();
    private long _arrivals;
    private int _running;

    /// <summary>A gate with at most <paramref name="limit"/> holders; null means unbounded.</summary>
    public ConcurrencyGate(int? limit)
    {
        _limit = limit;
    }

    /// <summary>Waits for a slot. Dispose the returned lease to free it.</summary>
    public async ValueTask<Lease> EnterAsync(int priority, CancellationToken cancellationToken)
    {
        TaskCompletionSource<bool> waiter;
        lock (_gate)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_limit is null || (_running < _limit && _waiters.Count == 0))
            {
                _running++;
                return new Lease(this);
            }

            waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter, (-priority, _arrivals++));
        }

        // A cancelled waiter stays in the queue; Release skips it because its TrySetResult fails.
        await using (cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken)).ConfigureAwait(false))
        {
            await waiter.Task.ConfigureAwait(false);
        }

        return new Lease(this);
    }

    private void Release()
    {
        lock (_gate)
        {
            while (_waiters.TryDequeue(out var next, out _))
            {
                // The slot passes straight to the next waiter: _running stays the same.
                if (next.TrySetResult(true))
                {
                    return;
                }
            }

            _running--;
        }
    }

    /// <summary>A held slot.</summary>
    internal readonly struct Lease(ConcurrencyGate owner) : IDisposable
    {
        public void Dispose() => owner?.Release();
    }
}
