namespace Orchestrator.Core.Sessions;

/// <summary>
/// A started or resumed session: where it works, what the branch looked like, what else could be resumed, and (when
/// resumed) the step to continue with.
/// </summary>
public sealed record SessionStartResult(
    SessionState State,
    Catchup Catchup,
    IReadOnlyList<ResumableSession> ResumableSessions,
    IReadOnlyList<string> Notes,
    bool Resumed = false,
    string? ContinueWith = null);
