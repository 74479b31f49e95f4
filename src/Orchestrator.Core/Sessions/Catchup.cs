namespace Orchestrator.Core.Sessions;

/// <summary>The branch state a session starts from (the source's "catchup" script).</summary>
public sealed record Catchup(
    string? CurrentBranch,
    string? BaseBranch,
    int CommitsAhead,
    int? LinkedIssue,
    IReadOnlyList<string> FilesChangedVsBase,
    IReadOnlyList<string> Staged,
    IReadOnlyList<string> Unstaged,
    IReadOnlyList<string> Untracked);
