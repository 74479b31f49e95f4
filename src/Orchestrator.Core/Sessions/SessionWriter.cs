using System.Collections.Concurrent;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Sessions;

/// <summary>
/// The one way phases change a session: takes the session's cross-process lock, serialises writers of this process
/// per session, loads STATE.md, applies a change and saves it atomically. A change that returns a failure writes nothing.
/// </summary>
public sealed class SessionWriter(SessionLockManager locks, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> gates = new(StringComparer.Ordinal);

    public async Task<Outcome<SessionState>> UpdateAsync(
        ProjectContext project,
        string sessionId,
        Func<SessionState, Outcome<SessionState>> change,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(change);
        var store = new SessionStore(project.SessionsDirectory);
        if (!store.Exists(sessionId))
        {
            return await store.LoadAsync(sessionId, cancellationToken).ConfigureAwait(false);
        }

        var gate = gates.GetOrAdd(store.StatePath(sessionId), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var held = await locks.AcquireAsync(store.SessionDirectory(sessionId), cancellationToken).ConfigureAwait(false);
            if (!held.Succeeded)
            {
                return held.Error;
            }

            var loaded = await store.LoadAsync(sessionId, cancellationToken).ConfigureAwait(false);
            if (!loaded.Succeeded)
            {
                return loaded;
            }

            var changed = change(loaded.Value);
            if (!changed.Succeeded)
            {
                return changed;
            }

            var saved = changed.Value with { Updated = timeProvider.GetUtcNow() };
            await store.SaveAsync(saved, cancellationToken).ConfigureAwait(false);
            return Outcome<SessionState>.Success(saved);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Writes a side document (spec.md, plan.md, chunks.json) under the session's lock.</summary>
    public async Task<Outcome<bool>> WriteDocumentAsync(ProjectContext project, string sessionId, string fileName, string content, CancellationToken cancellationToken)
    {
        var store = new SessionStore(project.SessionsDirectory);
        var held = await locks.AcquireAsync(store.SessionDirectory(sessionId), cancellationToken).ConfigureAwait(false);
        if (!held.Succeeded)
        {
            return held.Error;
        }

        await store.WriteDocumentAsync(sessionId, fileName, content, cancellationToken).ConfigureAwait(false);
        return Outcome<bool>.Success(true);
    }
}
