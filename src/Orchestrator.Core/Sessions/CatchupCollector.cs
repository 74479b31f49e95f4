using System.Text.RegularExpressions;
using Orchestrator.Core.Git;

namespace Orchestrator.Core.Sessions;

/// <summary>Gathers the catch-up facts from git.</summary>
public sealed partial class CatchupCollector(IGit git)
{
    public async Task<Catchup> CollectAsync(string workTree, CancellationToken cancellationToken)
    {
        var current = await git.GetCurrentBranchAsync(workTree, cancellationToken).ConfigureAwait(false);
        var baseBranch = await git.GetDefaultBranchAsync(workTree, cancellationToken).ConfigureAwait(false);
        var status = await git.GetStatusAsync(workTree, cancellationToken).ConfigureAwait(false);
        var ahead = 0;
        IReadOnlyList<string> changed = [];
        if (baseBranch is not null && current is not null && current != baseBranch)
        {
            ahead = await git.CountCommitsAsync(workTree, $"{baseBranch}..HEAD", cancellationToken).ConfigureAwait(false);
            changed = await git.ChangedFilesSinceAsync(workTree, baseBranch, cancellationToken).ConfigureAwait(false);
        }

        return new Catchup(current, baseBranch, ahead, LinkedIssueOf(current), changed, status.Staged, status.Unstaged, status.Untracked);
    }

    /// <summary>The issue number a branch name carries: <c>bug-123-x</c>, <c>feature/45-y</c>, <c>123-z</c>.</summary>
    public static int? LinkedIssueOf(string? branch)
    {
        if (branch is null)
        {
            return null;
        }

        var match = IssueInBranch().Match(branch);
        return match.Success && int.TryParse(match.Groups["n"].Value, out var number) ? number : null;
    }

    [GeneratedRegex(@"^(?:[A-Za-z]+[-/_])*(?<n>\d+)(?:[-/_]|$)")]
    private static partial Regex IssueInBranch();
}
