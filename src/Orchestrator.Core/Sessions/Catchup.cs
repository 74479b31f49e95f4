namespace Orchestrator.Core.Sessions;

/// <summary>
/// The branch state a session starts from (the source's "catchup" script): the branch, what it changed against the
/// base, its own commits and the most recent commits (evidence of earlier work), and the tree's uncommitted files.
/// </summary>
public sealed record Catchup(
    string? CurrentBranch,
    string? BaseBranch,
    int CommitsAhead,
    int? LinkedIssue,
    IReadOnlyList<string> FilesChangedVsBase,
    IReadOnlyList<string> Staged,
    IReadOnlyList<string> Unstaged,
    IReadOnlyList<string> Untracked,
    IReadOnlyList<string> BranchCommits,
    IReadOnlyList<string> RecentCommits);
