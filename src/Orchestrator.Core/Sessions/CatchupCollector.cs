using System.Text.RegularExpressions;
using Orchestrator.Core.Git;

namespace Orchestrator.Core.Sessions;

/// <summary>Gathers the catch-up facts from git.</summary>
public sealed partial class CatchupCollector(IGit git)
{
    /// <summary>How many commits of the branch (and of recent history) are listed, newest first.</summary>
    public const int MaxBranchCommits = 30;

    public const int MaxRecentCommits = 10;

    public async Task<Catchup> CollectAsync(string workTree, CancellationToken cancellationToken)
    {
        var current = await git.GetCurrentBranchAsync(workTree, cancellationToken).ConfigureAwait(false);
        var baseBranch = await git.GetDefaultBranchAsync(workTree, cancellationToken).ConfigureAwait(false);
        var status = await git.GetStatusAsync(workTree, cancellationToken).ConfigureAwait(false);
        var ahead = 0;
        IReadOnlyList<string> changed = [];
        IReadOnlyList<string> branchCommits = [];
        if (baseBranch is not null && current is not null && current != baseBranch)
        {
            ahead = await git.CountCommitsAsync(workTree, $"{baseBranch}..HEAD", cancellationToken).ConfigureAwait(false);
            changed = await git.ChangedFilesSinceAsync(workTree, baseBranch, cancellationToken).ConfigureAwait(false);
            branchCommits = await LogAsync(workTree, MaxBranchCommits, $"{baseBranch}..HEAD", cancellationToken).ConfigureAwait(false);
        }

        var recent = await LogAsync(workTree, MaxRecentCommits, "HEAD", cancellationToken).ConfigureAwait(false);
        return new Catchup(current, baseBranch, ahead, LinkedIssueOf(current), changed, status.Staged, status.Unstaged, status.Untracked, branchCommits, recent);
    }

    /// <summary>"&lt;short hash&gt; &lt;subject&gt;" per commit, newest first; empty when git cannot list them (e.g. no commits).</summary>
    private async Task<IReadOnlyList<string>> LogAsync(string workTree, int max, string range, CancellationToken cancellationToken)
    {
        var listed = await git.RunAsync(workTree, ["log", $"--max-count={max}", "--format=%h %s", range, "--"], cancellationToken).ConfigureAwait(false);
        return listed.Succeeded ? listed.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
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
