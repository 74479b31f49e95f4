using Orchestrator.Cluster.Coordinator;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Git;

namespace Orchestrator.Cluster.Workers;

/// <summary>
/// The worker's side of moving code through git: one bare mirror per worker, a pool of reused worktrees (Core's
/// <see cref="WorktreePool"/>, one slot per agent the worker runs at once) moved to each job's commit, and the job's
/// result committed (without the user's identity or hooks) and pushed to the job's result ref. A slot is held through
/// an owner file (pid and start marker), so a slot a crashed worker held is taken over and rebuilt, never reused as it
/// was; after a reset the slot is checked (HEAD at the job's commit, nothing changed, untracked or ignored) and rebuilt
/// when it is not. Fetches and pushes into the mirror are serialised: git locks the refs it updates.
/// </summary>
internal sealed class WorkerGitMirror(IGit git, string workDirectory, int slots)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _mirror = Path.Combine(workDirectory, "mirror.git");
    private readonly WorkingTreeCommitter _committer = new(git);
    private readonly WorktreePool _pool = new(git, PoolRoot(workDirectory), PoolRoot(workDirectory), slots);

    /// <summary>Where the worker's worktree slots live (<c>slot-N</c>, with <c>slot-N.owner</c> while a job holds one).</summary>
    public static string PoolRoot(string workDirectory) => Path.Combine(workDirectory, "pool");

    /// <summary>Fetches the job's base commit and puts a free slot at it, verified clean; the caller gives it back with <see cref="ReleaseAsync"/>.</summary>
    public async Task<PooledWorktree> CheckOutAsync(string remote, string baseRef, string baseCommit, CancellationToken cancellationToken)
    {
        // One git operation on the mirror at a time, the slot's checkout included: a fetch (and the gc it may start)
        // beside a worktree add or prune in the same repository is what makes git fail now and then under load.
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!Directory.Exists(_mirror))
            {
                Directory.CreateDirectory(_mirror);
                Check(await git.RunAsync(_mirror, ["init", "--bare", "--quiet"], cancellationToken).ConfigureAwait(false), "git init --bare", remote);
            }

            Check(await git.RunAsync(_mirror, ["fetch", "--no-tags", "--quiet", remote, $"+{baseRef}:{baseRef}"], cancellationToken).ConfigureAwait(false), "git fetch of the attempt's snapshot", remote);
            return await ClaimAtAsync(baseCommit, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// Gives <paramref name="slot"/> back as the agent left it (the next job's checkout resets it) and removes the job's
    /// base ref from the mirror (no token: it runs after cancellation too).
    /// </summary>
    public async Task ReleaseAsync(PooledWorktree slot, string baseRef)
    {
        ArgumentNullException.ThrowIfNull(slot);
        WorktreePool.Release(slot);
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await git.RunAsync(_mirror, ["update-ref", "-d", baseRef], CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A free slot moved to <paramref name="commit"/> and verified clean (rebuilt once when it is not).</summary>
    private async Task<PooledWorktree> ClaimAtAsync(string commit, CancellationToken cancellationToken)
    {
        // The worker takes at most one job per slot, so a slot is free unless one is held by another live process.
        var slot = await _pool.TryClaimAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new GitCommandException($"no free worktree slot in {PoolRoot(workDirectory)} (another live process holds them all)");
        try
        {
            await _pool.CheckOutAsync(_mirror, slot, commit, [], verified: false, cancellationToken).ConfigureAwait(false);
            if (!await HoldsExactlyAsync(slot.Path, commit, cancellationToken).ConfigureAwait(false))
            {
                // Doubtful after the reset: built again from the mirror, and checked once more.
                await _pool.CheckOutAsync(_mirror, slot with { Suspect = true }, commit, [], verified: false, cancellationToken).ConfigureAwait(false);
                if (!await HoldsExactlyAsync(slot.Path, commit, cancellationToken).ConfigureAwait(false))
                {
                    throw new GitCommandException($"worktree slot {slot.Path} is not clean at {commit} even after it was rebuilt");
                }
            }

            return slot;
        }
        catch
        {
            WorktreePool.Release(slot);
            throw;
        }
    }

    /// <summary>True when <paramref name="path"/> is a worktree at <paramref name="commit"/> with nothing changed, untracked or ignored in it.</summary>
    private async Task<bool> HoldsExactlyAsync(string path, string commit, CancellationToken cancellationToken)
    {
        if (await git.ResolveCommitAsync(path, "HEAD", cancellationToken).ConfigureAwait(false) != commit)
        {
            return false;
        }

        var status = await git.RunAsync(path, WorktreeChanges.StatusArguments, cancellationToken).ConfigureAwait(false);
        return status.Succeeded && WorktreeChanges.Parse(status.StandardOutput) is { Tracked.Count: 0, Untracked.Count: 0, Ignored.Count: 0 };
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
