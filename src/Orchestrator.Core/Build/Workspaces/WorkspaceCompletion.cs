namespace Orchestrator.Core.Build.Workspaces;

/// <summary>
/// What a successful attempt changed, once the workspace checked and applied it. Scope violations or a conflict
/// turn the attempt into a failure (blocker) and are recorded in the result's scopeViolations.
/// </summary>
public sealed record WorkspaceCompletion(
    IReadOnlyList<string> FilesChanged,
    IReadOnlyList<string> ScopeViolations,
    string? ConflictBlocker)
{
    /// <summary>
    /// Whether <see cref="FilesChanged"/> was measured from a diff (worktree and scope-checked shared isolation). Only a
    /// provider that cannot diff (plain shared tree) passes the agent's claim on, and then claims are not checked.
    /// </summary>
    public bool Measured { get; init; } = true;
}
