namespace Orchestrator.Core.Sessions;

/// <summary>A started session: where it works, what the branch looked like, and what else could be resumed.</summary>
public sealed record SessionStartResult(
    SessionState State,
    Catchup Catchup,
    IReadOnlyList<ResumableSession> ResumableSessions,
    IReadOnlyList<string> Notes);
