namespace Orchestrator.Core.Close.Verification;

/// <summary>What git sees in the session tree, and which of it is the session's finished work.</summary>
/// <param name="WorkTree">The session tree.</param>
/// <param name="TreeExists">False when the session tree is gone (nothing can be reviewed, checked or committed).</param>
/// <param name="Branch">The checked-out branch (null: detached HEAD or no tree).</param>
/// <param name="Changed">Every staged, unstaged or untracked file.</param>
/// <param name="Untracked">The untracked ones among them.</param>
/// <param name="SessionFiles">The changed files done chunks own: what close reviews, checks and commits.</param>
/// <param name="LeftUncommitted">The changed files close leaves alone (not the session's, or of unfinished chunks).</param>
public sealed record SessionChanges(
    string WorkTree,
    bool TreeExists,
    string? Branch,
    IReadOnlyList<string> Changed,
    IReadOnlyList<string> Untracked,
    IReadOnlyList<string> SessionFiles,
    IReadOnlyList<string> LeftUncommitted);
