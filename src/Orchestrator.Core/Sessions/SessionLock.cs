using System.Text.Json;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Sessions;

/// <summary>
/// A held session lock. While held, a heartbeat refreshes the lock file so another machine sharing the folder can tell
/// a live owner from an abandoned one. Disposing releases it.
/// </summary>
public sealed class SessionLock : IAsyncDisposable
{
    private readonly TimeProvider timeProvider;
    private readonly ITimer heartbeat;
    private readonly SemaphoreSlim writeGate = new(1, 1);
    private LockOwner owner;
    private bool released;

    internal SessionLock(string path, LockOwner owner, TimeSpan heartbeatInterval, TimeProvider timeProvider)
    {
        Path = path;
        this.owner = owner;
        this.timeProvider = timeProvider;
        heartbeat = timeProvider.CreateTimer(_ => _ = BeatAsync(), null, heartbeatInterval, heartbeatInterval);
    }

    public string Path { get; }

    public LockOwner Owner => owner;

    public async ValueTask DisposeAsync()
    {
        await heartbeat.DisposeAsync().ConfigureAwait(false);
        await writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (released)
            {
                return;
            }

            released = true;
            // Delete only our own lock: if another process took it over after we were judged dead, it is theirs now.
            if (SessionLockFile.TryRead(Path) is { } current && current.OwnerId == owner.OwnerId)
            {
                File.Delete(Path);
            }
        }
        finally
        {
            writeGate.Release();
        }
    }

    private async Task BeatAsync()
    {
        await writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (released || SessionLockFile.TryRead(Path) is not { } current || current.OwnerId != owner.OwnerId)
            {
                return;
            }

            owner = owner with { HeartbeatAt = timeProvider.GetUtcNow() };
            await AtomicFile.WriteAllTextAsync(Path, JsonSerializer.Serialize(owner, SessionLockFile.Json), CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // A missed heartbeat only matters across machines; the next one retries.
        }
        finally
        {
            writeGate.Release();
        }
    }
}
