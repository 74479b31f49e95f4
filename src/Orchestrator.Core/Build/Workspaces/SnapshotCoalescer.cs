namespace Orchestrator.Core.Build.Workspaces;

/// <summary>
/// Lets callers that ask for a snapshot of the session tree at about the same time share one: a caller joins the
/// snapshot that has been asked for but not started yet (and, with <see cref="SnapshotSharing.InFlight"/>, the one
/// running now), or asks for a new one. Every snapshot a caller receives sees every change made before the call, exactly
/// as its own snapshot would. When four chunks start together, that is one or two snapshots instead of four, one after
/// another under the session tree's lock.
/// </summary>
public sealed class SnapshotCoalescer(SnapshotSharing sharing)
{
    private readonly object _lock = new();
    private TaskCompletionSource<string>? _waiting;
    private TaskCompletionSource<string>? _running;

    /// <summary>
    /// The result of a run of <paramref name="take"/>, under <paramref name="gate"/> (the session tree's lock), that
    /// starts after this call.
    /// </summary>
    public async Task<string> TakeAsync(SemaphoreSlim gate, Func<Task<string>> take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(take);
        TaskCompletionSource<string> shared;
        bool leader;
        lock (_lock)
        {
            if (_waiting is null && sharing == SnapshotSharing.InFlight && _running is not null)
            {
                leader = false;
                shared = _running;
            }
            else
            {
                leader = _waiting is null;
                _waiting ??= new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                shared = _waiting;
            }
        }

        if (leader)
        {
            // Not awaited with the caller's token: the snapshot is shared, and a caller that gives up must not fail the others.
            _ = RunAsync(shared, gate, take);
        }

        return await shared.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    // Once the snapshot starts reading the tree, later callers need a newer one (or, InFlight, may join it while it runs).
    private void Started(TaskCompletionSource<string> shared)
    {
        lock (_lock)
        {
            if (ReferenceEquals(_waiting, shared))
            {
                _waiting = null;
            }

            _running = shared;
        }
    }

    // Before the gate is let go: after that the tree may change, and nobody may join this snapshot any more.
    private void Finished(TaskCompletionSource<string> shared)
    {
        lock (_lock)
        {
            if (ReferenceEquals(_waiting, shared))
            {
                _waiting = null;
            }

            if (ReferenceEquals(_running, shared))
            {
                _running = null;
            }
        }
    }

    private async Task RunAsync(TaskCompletionSource<string> shared, SemaphoreSlim gate, Func<Task<string>> take)
    {
        await gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            Started(shared);
            shared.TrySetResult(await take().ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            shared.TrySetException(ex);
        }
        finally
        {
            Finished(shared);
            gate.Release();
        }
    }
}
