namespace Orchestrator.Core.Build.Workspaces;

/// <summary>
/// What a successful attempt changed, once the workspace checked and applied it. Scope violations or a conflict
/// turn the attempt into a failure (blocker) and are recorded in the result's scopeViolations.
/// </summary>
public sealed record WorkspaceCompletion(
    IReadOnlyList<string> FilesChanged,
    IReadOnlyList<string> ScopeViolations,
    string? ConflictBlocker);
