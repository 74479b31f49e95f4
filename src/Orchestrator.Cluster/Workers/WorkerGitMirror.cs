using Orchestrator.Cluster.Coordinator;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Git;

namespace Orchestrator.Cluster.Workers;

/// <summary>
/// The worker's side of moving code through git: one bare mirror per worker, a detached worktree per job at the
/// commit the coordinator pushed, and the job's result committed (without the user's identity or hooks) and pushed to
/// the job's result ref. Fetches and pushes into the mirror are serialised: git locks the refs it updates.
/// </summary>
internal sealed class WorkerGitMirror(IGit git, string workDirectory)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _mirror = Path.Combine(workDirectory, "mirror.git");
    private readonly WorkingTreeCommitter _committer = new(git);

    /// <summary>Fetches the job's base commit and checks it out in a new worktree; returns the worktree's path.</summary>
    public async Task<string> CheckOutAsync(string remote, string baseRef, string baseCommit, string jobSlug, CancellationToken cancellationToken)
    {
        var path = Path.Combine(workDirectory, "jobs", jobSlug);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!Directory.Exists(_mirror))
            {
                Directory.CreateDirectory(_mirror);
                Check(await git.RunAsync(_mirror, ["init", "--bare", "--quiet"], cancellationToken).ConfigureAwait(false), "git init --bare", remote);
            }

            Check(await git.RunAsync(_mirror, ["fetch", "--no-tags", "--quiet", remote, $"+{baseRef}:{baseRef}"], cancellationToken).ConfigureAwait(false), "git fetch of the attempt's snapshot", remote);
            if (Directory.Exists(path))
            {
                await RemoveWorktreeLockedAsync(path).ConfigureAwait(false);
            }

            Check(await git.RunAsync(_mirror, ["worktree", "add", "--detach", "--force", path, baseCommit], cancellationToken).ConfigureAwait(false), "git worktree add", remote);
            return path;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Commits what the agent left in <paramref name="worktree"/> on top of <paramref name="baseCommit"/> and pushes it
    /// to <paramref name="resultRef"/> (a new ref in the orchestrator's namespace: never forced, never a user branch).
    /// Null when the agent changed nothing.
    /// </summary>
    public async Task<string?> PushResultAsync(string worktree, string remote, string baseCommit, string resultRef, CancellationToken cancellationToken)
    {
        var result = await _committer.CommitAsync(worktree, baseCommit, "orchestrator worker result", [], cancellationToken).ConfigureAwait(false);
        var changed = await _committer.ChangedPathsAsync(worktree, baseCommit, result, cancellationToken).ConfigureAwait(false);
        if (changed.Count == 0)
        {
            return null;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Check(await git.RunAsync(worktree, ["push", "--no-verify", "--quiet", remote, $"{result}:{resultRef}"], cancellationToken).ConfigureAwait(false), "git push of the attempt's result", remote);
        }
        finally
        {
            _gate.Release();
        }

        return result;
    }

    /// <summary>Removes a job's worktree and its base ref from the mirror (no token: cleanup runs after cancellation too).</summary>
    public async Task RemoveAsync(string worktree, string baseRef)
    {
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await RemoveWorktreeLockedAsync(worktree).ConfigureAwait(false);
            await git.RunAsync(_mirror, ["update-ref", "-d", baseRef], CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RemoveWorktreeLockedAsync(string worktree)
    {
        await git.RunAsync(_mirror, ["worktree", "remove", "--force", worktree], CancellationToken.None).ConfigureAwait(false);
        if (Directory.Exists(worktree))
        {
            Directory.Delete(worktree, recursive: true);
        }

        await git.RunAsync(_mirror, ["worktree", "prune"], CancellationToken.None).ConfigureAwait(false);
    }

    private static void Check(GitResult result, string what, string remote)
    {
        if (!result.Succeeded)
        {
            // The remote URL may carry credentials: messages name it only redacted.
            throw new GitCommandException($"{what} failed: {GitUrls.RedactIn(result.Message, remote)}");
        }
    }
}
