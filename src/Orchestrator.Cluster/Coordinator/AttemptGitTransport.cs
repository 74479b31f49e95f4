using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Git;

namespace Orchestrator.Cluster.Coordinator;

/// <summary>
/// The coordinator's side of moving code through git: the attempt's working directory is recorded as a commit (as the
/// worktree isolation records snapshots: no index, branch or HEAD touched), pushed to the cluster remote under the
/// attempt's own ref, and the worker's result commit is fetched back and written into the same working directory, where
/// the normal scope check and three-way apply take it from there. Only refs under <c>refs/so-cluster/</c> are ever
/// pushed, as new refs (never forced, never a user branch).
/// </summary>
internal sealed class AttemptGitTransport(IGit git)
{
    private readonly WorkingTreeCommitter _committer = new(git);

    /// <summary>This repository as a <c>file://</c> URL: the remote when config.yaml names none (workers on this machine only).</summary>
    public async Task<string> OwnRepositoryUrlAsync(string workingDirectory, CancellationToken cancellationToken)
    {
        var common = GitCommandException.ThrowIfFailed(
            await git.RunAsync(workingDirectory, ["rev-parse", "--path-format=absolute", "--git-common-dir"], cancellationToken).ConfigureAwait(false),
            "git rev-parse --git-common-dir").StandardOutput.Trim();
        return new Uri(common).AbsoluteUri;
    }

    /// <summary>Records <paramref name="workingDirectory"/>'s state and pushes it to <paramref name="baseRef"/> on <paramref name="remote"/>.</summary>
    public async Task<string> SendAsync(string workingDirectory, string remote, string baseRef, IReadOnlyList<string> excludedPaths, CancellationToken cancellationToken)
    {
        var commit = await _committer.CommitAsync(workingDirectory, null, "orchestrator: attempt sent to a cluster worker", excludedPaths, cancellationToken).ConfigureAwait(false);
        await _committer.UpdateRefAsync(workingDirectory, baseRef, commit, cancellationToken).ConfigureAwait(false);
        Check(await git.RunAsync(workingDirectory, ["push", "--no-verify", "--quiet", remote, $"{commit}:{baseRef}"], cancellationToken).ConfigureAwait(false), "git push of the attempt's snapshot", remote);
        return commit;
    }

    /// <summary>
    /// Fetches the worker's <paramref name="resultCommit"/> from <paramref name="resultRef"/> and writes its changes
    /// against <paramref name="baseCommit"/> into <paramref name="workingDirectory"/> (working tree only).
    /// </summary>
    public async Task ReceiveAsync(string workingDirectory, string remote, string resultRef, string baseCommit, string resultCommit, CancellationToken cancellationToken)
    {
        Check(await git.RunAsync(workingDirectory, ["fetch", "--no-tags", "--quiet", remote, $"{resultRef}:{resultRef}"], cancellationToken).ConfigureAwait(false), "git fetch of the attempt's result", remote);
        var fetched = await git.ResolveCommitAsync(workingDirectory, resultRef, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(fetched, resultCommit, StringComparison.Ordinal))
        {
            throw new GitCommandException($"the result ref {resultRef} holds {fetched ?? "nothing"}, not the commit the worker reported ({resultCommit})");
        }

        var patch = Path.Combine(Path.GetTempPath(), $"so-cluster-{Guid.NewGuid():N}.patch");
        try
        {
            var diff = GitCommandException.ThrowIfFailed(
                await git.RunAsync(workingDirectory, ["diff", "--binary", "--no-renames", "--full-index", baseCommit, resultCommit, "--"], cancellationToken).ConfigureAwait(false),
                "git diff of the worker's result");
            if (diff.StandardOutput.Length == 0)
            {
                return;
            }

            await File.WriteAllTextAsync(patch, diff.StandardOutput, cancellationToken).ConfigureAwait(false);
            GitCommandException.ThrowIfFailed(
                await git.RunAsync(workingDirectory, ["apply", "--binary", "--whitespace=nowarn", patch], cancellationToken).ConfigureAwait(false),
                "git apply of the worker's result");
        }
        finally
        {
            File.Delete(patch);
        }
    }

    /// <summary>Deletes the attempt's refs on the remote (best effort; the local ones stay until close).</summary>
    public async Task DeleteRemoteRefsAsync(string workingDirectory, string remote, IReadOnlyList<string> refs)
    {
        foreach (var name in refs)
        {
            await git.RunAsync(workingDirectory, ["push", "--no-verify", "--quiet", remote, $":{name}"], CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static void Check(GitResult result, string what, string remote)
    {
        if (!result.Succeeded)
        {
            throw new GitCommandException($"{what} to {GitUrls.Redact(remote)} failed: {GitUrls.RedactIn(result.Message, remote)}");
        }
    }
}
