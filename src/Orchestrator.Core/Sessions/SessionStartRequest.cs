namespace Orchestrator.Core.Sessions;

/// <summary>What <c>session_start</c> asks for. <paramref name="Isolation"/> null means the default (worktree).</summary>
public sealed record SessionStartRequest(
    string ProjectDirectory,
    string Description,
    IReadOnlyList<string> Issues,
    SessionIsolation? Isolation,
    string? BaseName);
