using Orchestrator.Core.Common;

namespace Orchestrator.Core.Sessions;

/// <summary>
/// The sessions of one repository under <c>.orchestrator/sessions/&lt;id&gt;/</c>. Reads need no lock; every write is
/// atomic and callers hold the session's lock (see <see cref="SessionLockManager"/>).
/// </summary>
public sealed class SessionStore(string sessionsDirectory)
{
    public const string StateFileName = "STATE.md";

    public string SessionsDirectory { get; } = sessionsDirectory;

    /// <summary>The session's folder, confined to the sessions folder (a symbolic link leading elsewhere is refused).</summary>
    public string SessionDirectory(string sessionId) => RealPaths.Confined(SessionsDirectory, Path.Combine(SessionsDirectory, sessionId));

    public string StatePath(string sessionId) => Path.Combine(SessionDirectory(sessionId), StateFileName);

    public bool Exists(string sessionId) => SessionIds.IsWellFormed(sessionId) && File.Exists(StatePath(sessionId));

    public async Task<Outcome<SessionState>> LoadAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (!SessionIds.IsWellFormed(sessionId))
        {
            return Outcome<SessionState>.Failure(ErrorCode.UnknownSession,
                $"{SafeIds.Problem("session_id", sessionId, "20261121-091500-add-login-form-3f2a", "a session id")} Call session_status without session_id to see the latest session.");
        }

        var path = StatePath(sessionId);
        if (!File.Exists(path))
        {
            return Outcome<SessionState>.Failure(ErrorCode.UnknownSession,
                $"No session '{sessionId}' in {SessionsDirectory}. Check the id (session_status without session_id shows the latest) or call session_start.");
        }

        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return StateFileSerializer.Parse(text, path);
    }

    public async Task SaveAsync(SessionState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        await AtomicFile.WriteAllTextAsync(StatePath(state.Session), StateFileSerializer.Format(state), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every readable session, newest first; unreadable ones are returned as errors so nothing is silently hidden.</summary>
    public async Task<IReadOnlyList<Outcome<SessionState>>> ListAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(SessionsDirectory))
        {
            return [];
        }

        var sessions = new List<Outcome<SessionState>>();
        foreach (var directory in Directory.EnumerateDirectories(SessionsDirectory))
        {
            var id = Path.GetFileName(directory);
            if (SessionIds.IsWellFormed(id) && File.Exists(StatePath(id)))
            {
                sessions.Add(await LoadAsync(id, cancellationToken).ConfigureAwait(false));
            }
        }

        return sessions
            .OrderByDescending(s => s.Value?.StartedAt ?? DateTimeOffset.MinValue)
            .ToList();
    }

    /// <summary>Writes a side document of the session (spec.md, plan.md, chunks.json) atomically.</summary>
    public Task WriteDocumentAsync(string sessionId, string fileName, string content, CancellationToken cancellationToken) =>
        AtomicFile.WriteAllTextAsync(Path.Combine(SessionDirectory(sessionId), fileName), content, cancellationToken);

    public async Task<string?> ReadDocumentAsync(string sessionId, string fileName, CancellationToken cancellationToken)
    {
        var path = Path.Combine(SessionDirectory(sessionId), fileName);
        return File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false) : null;
    }
}
