using Orchestrator.Core.Common;
using Orchestrator.Core.Git;

namespace Orchestrator.Core.Close.Commits;

/// <summary>
/// Makes the planned commits: refuses when something is already staged, stages each file on its own
/// (<c>git add -- &lt;file&gt;</c>, never <c>-A</c> or <c>.</c>; literal pathspecs, so a file named <c>a*.txt</c> stages
/// only itself), checks the staged set is exactly those files, commits.
/// </summary>
public sealed class SessionCommitter(IGit git)
{
    public async Task<Outcome<IReadOnlyList<CommitRecord>>> CommitAsync(string workTree, IReadOnlyList<CommitGroup> groups, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var commits = new List<CommitRecord>();
        var alreadyStaged = await StagedAsync(workTree, cancellationToken).ConfigureAwait(false);
        if (alreadyStaged.Count > 0)
        {
            return Outcome<IReadOnlyList<CommitRecord>>.Failure(ErrorCode.Conflict,
                $"Nothing was committed: files are already staged in {workTree} ({string.Join(", ", alreadyStaged.Take(5))}). " +
                "close commits only the session's files and will not sweep staged work into its commits: commit or unstage them (git restore --staged <file>), then run close again.");
        }

        foreach (var group in groups)
        {
            foreach (var file in group.Files)
            {
                var added = await git.RunAsync(workTree, ["--literal-pathspecs", "add", "--", file], cancellationToken).ConfigureAwait(false);
                if (!added.Succeeded)
                {
                    await UnstageAsync(workTree, group.Files, cancellationToken).ConfigureAwait(false);
                    return Fail(commits, $"git add -- {file} failed: {added.Message}");
                }
            }

            var staged = await StagedAsync(workTree, cancellationToken).ConfigureAwait(false);
            var expected = group.Files.ToHashSet(StringComparer.Ordinal);
            if (!staged.ToHashSet(StringComparer.Ordinal).SetEquals(expected))
            {
                await UnstageAsync(workTree, staged, cancellationToken).ConfigureAwait(false);
                var extra = staged.Except(expected).ToList();
                var missing = expected.Except(staged).ToList();
                return Fail(commits, $"the staged files are not exactly the session's files (unexpected: {string.Join(", ", extra)}; missing: {string.Join(", ", missing)}); the index was reset to what it was");
            }

            var committed = await git.RunAsync(workTree, ["commit", "-q", "-m", group.Message], cancellationToken).ConfigureAwait(false);
            if (!committed.Succeeded)
            {
                await UnstageAsync(workTree, group.Files, cancellationToken).ConfigureAwait(false);
                return Fail(commits, $"git commit failed: {committed.Message}. Fix it (e.g. set user.name/user.email, or a failing commit hook) and run close again");
            }

            var sha = await git.ResolveCommitAsync(workTree, "HEAD", cancellationToken).ConfigureAwait(false) ?? "";
            commits.Add(new CommitRecord(sha, group.Subject, group.Message, group.Files, group.ChunkIds));
        }

        return Outcome<IReadOnlyList<CommitRecord>>.Success(commits);
    }

    private static Outcome<IReadOnlyList<CommitRecord>> Fail(IReadOnlyList<CommitRecord> made, string reason) =>
        Outcome<IReadOnlyList<CommitRecord>>.Failure(ErrorCode.GitFailed,
            made.Count == 0 ? $"Nothing was committed: {reason}." : $"{made.Count} commit(s) made ({string.Join(", ", made.Select(c => c.Sha[..Math.Min(8, c.Sha.Length)]))}), then: {reason}.");

    private async Task<IReadOnlyList<string>> StagedAsync(string workTree, CancellationToken cancellationToken)
    {
        var result = await git.RunAsync(workTree, ["diff", "--cached", "--name-only", "-z"], cancellationToken).ConfigureAwait(false);
        return GitOutput.SplitNul(result.StandardOutput);
    }

    private async Task UnstageAsync(string workTree, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        if (files.Count > 0)
        {
            await git.RunAsync(workTree, ["--literal-pathspecs", "reset", "-q", "--", .. files], cancellationToken).ConfigureAwait(false);
        }
    }
}
