namespace Orchestrator.Core.Sessions;

/// <summary>
/// What <c>session_start</c> asks for. <paramref name="Isolation"/> null means the default (worktree).
/// <paramref name="New"/> says a new session is wanted although unfinished ones exist (without it, they are reported
/// and nothing is created).
/// </summary>
public sealed record SessionStartRequest(
    string ProjectDirectory,
    string Description,
    IReadOnlyList<string> Issues,
    SessionIsolation? Isolation,
    string? BaseName,
    bool New = false);
