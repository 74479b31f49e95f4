using System.Collections.Concurrent;
using System.Text.Json;
using Orchestrator.Core.Common;
using Orchestrator.Core.Processes;

namespace Orchestrator.Core.Sessions;

/// <summary>
/// One writer per session across processes. The lock file holds the owner's pid, process start time, host and a
/// heartbeat. A lock whose owner is dead (same host: the pid is gone or was reused; other host: no heartbeat for
/// <see cref="StaleAfter"/>) is taken over; a live owner's lock is refused with a message naming it.
/// </summary>
public sealed class SessionLockManager(TimeProvider timeProvider) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, SessionLock> held = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim acquireGate = new(1, 1);
    private readonly string ownerId = Guid.NewGuid().ToString("N");

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The lock's file name in the directory it guards (a build run's worker lock reuses this machinery as <c>run.lock</c>).</summary>
    public string LockFileName { get; init; } = SessionLockFile.FileName;

    /// <summary>What this process is, written into its locks (null: a server); named when another process is refused.</summary>
    public string? Holder { get; init; }

    /// <summary>Takes (or returns the already held) lock of the session stored in <paramref name="sessionDirectory"/>.</summary>
    public async Task<Outcome<SessionLock>> AcquireAsync(string sessionDirectory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(sessionDirectory, LockFileName);
        await acquireGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (held.TryGetValue(path, out var existing))
            {
                return Outcome<SessionLock>.Success(existing);
            }

            // A few rounds: another process may be between creating the file and writing its content, or racing us
            // for a stale lock's takeover.
            for (var round = 0; round < 5; round++)
            {
                var mine = NewOwner();
                if (TryCreate(path, mine))
                {
                    var acquired = new SessionLock(path, mine, HeartbeatInterval, timeProvider);
                    held[path] = acquired;
                    return Outcome<SessionLock>.Success(acquired);
                }

                var current = SessionLockFile.TryRead(path);
                if (current is null)
                {
                    if (File.Exists(path) && timeProvider.GetUtcNow() - File.GetLastWriteTimeUtc(path) > TimeSpan.FromSeconds(5))
                    {
                        // An empty or unreadable lock that nobody finished writing: its writer crashed mid-write.
                        TryMoveAside(path);
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(50), timeProvider, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (IsStale(current))
                {
                    TryMoveAside(path);
                    continue;
                }

                return Outcome<SessionLock>.Failure(ErrorCode.SessionLocked, DescribeLiveOwner(sessionDirectory, current));
            }

            return Outcome<SessionLock>.Failure(ErrorCode.SessionLocked,
                $"The lock of session '{Path.GetFileName(sessionDirectory)}' is being changed by another process right now. Try again in a moment.");
        }
        finally
        {
            acquireGate.Release();
        }
    }

    /// <summary>The live owner of the session's lock, if any (for reporting; takes nothing).</summary>
    public LockOwner? FindLiveOwner(string sessionDirectory)
    {
        var current = SessionLockFile.TryRead(Path.Combine(sessionDirectory, LockFileName));
        return current is not null && !IsStale(current) ? current : null;
    }

    public bool IsHeldHere(string sessionDirectory) => held.ContainsKey(Path.Combine(sessionDirectory, LockFileName));

    public async Task ReleaseAsync(string sessionDirectory)
    {
        if (held.TryRemove(Path.Combine(sessionDirectory, LockFileName), out var sessionLock))
        {
            await sessionLock.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var path in held.Keys.ToList())
        {
            if (held.TryRemove(path, out var sessionLock))
            {
                await sessionLock.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private bool IsStale(LockOwner owner)
    {
        if (owner.OwnerId == ownerId)
        {
            return false;
        }

        if (string.Equals(owner.Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase))
        {
            return !ProcessLiveness.IsAlive(owner.Pid, owner.ProcessStart);
        }

        return timeProvider.GetUtcNow() - owner.HeartbeatAt > StaleAfter;
    }

    private string DescribeLiveOwner(string sessionDirectory, LockOwner owner) =>
        $"Session '{Path.GetFileName(sessionDirectory)}' is in use by {owner.Holder ?? "another orchestrator process"} (pid {owner.Pid} on {owner.Host}, " +
        $"since {owner.AcquiredAt:u}, last heartbeat {owner.HeartbeatAt:u}). " +
        (owner.Holder is null
            ? "Only one server may change a session at a time: continue from the client that started it, or stop that server " +
              "(the lock is released when it exits, and a dead owner's lock is taken over automatically)."
            : "It releases the session when its work ends: follow it (build_status), or stop it (build_cancel), then try again.");

    private LockOwner NewOwner()
    {
        var now = timeProvider.GetUtcNow();
        return new LockOwner(Environment.ProcessId, ProcessLiveness.StartMarker(Environment.ProcessId), Environment.MachineName, ownerId, now, now, Holder);
    }

    private static bool TryCreate(string path, LockOwner owner)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            // CreateNew is the atomic test-and-set: exactly one process can create the file.
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
            JsonSerializer.Serialize(stream, owner, SessionLockFile.Json);
            stream.Flush(flushToDisk: true);
            return true;
        }
        catch (IOException)
        {
            // Held by another process, or held a moment ago: a holder that let go between our CreateNew and a
            // File.Exists check (a server handing its session to a run's worker) made such a check false and the
            // exception escape, killing the worker. Either way the caller reads the file and decides in its next round.
            return false;
        }
    }

    private static void TryMoveAside(string path)
    {
        // Renaming is atomic: when two processes race to take over a dead owner's lock, only one rename succeeds,
        // and both then compete fairly on CreateNew.
        try
        {
            var aside = $"{path}.stale-{Guid.NewGuid():N}";
            File.Move(path, aside);
            File.Delete(aside);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
