using Orchestrator.Core.Git;

namespace Orchestrator.Core.Build.Workspaces;

/// <summary>
/// A repository's warm chunk worktrees (<c>&lt;worktree root&gt;/.so-pool/slot-N</c>): an attempt claims a free slot
/// and moves it to its snapshot (<see cref="PooledWorktreeReset"/>: only the paths the last attempt changed and those
/// that differ between the two commits, keeping the linked dependency folders) instead of adding and removing a whole
/// worktree. A slot is held by
/// an owner file (pid and start marker, created atomically), so no two attempts of any process share one; a slot whose
/// owner died, or that looks wrong in any way after the reset (missing, wrong HEAD, dirty), is rebuilt.
/// </summary>
public sealed class WorktreePool
{
    private readonly IGit _git;
    private readonly string _chunkRoot;
    private readonly ChunkWorktreeJanitor _janitor;
    private readonly PooledWorktreeReset _reset;

    /// <summary>A pool of at most <paramref name="size"/> slots under <paramref name="poolRoot"/>.</summary>
    public WorktreePool(IGit git, string chunkRoot, string poolRoot, int size)
    {
        _git = git;
        _chunkRoot = chunkRoot;
        PoolRoot = poolRoot;
        Size = size;
        _janitor = new ChunkWorktreeJanitor(git);
        _reset = new PooledWorktreeReset(git);
    }

    /// <summary>The folder holding the slots.</summary>
    public string PoolRoot { get; }

    /// <summary>The number of slots.</summary>
    public int Size { get; }

    /// <summary>The worktree folder of slot <paramref name="index"/>.</summary>
    public static string SlotPath(string poolRoot, int index) => System.IO.Path.Combine(poolRoot, $"slot-{index}");

    /// <summary>The owner file of the slot at <paramref name="slotPath"/> (beside it: a clean never touches it).</summary>
    public static string OwnerFileOf(string slotPath) => slotPath + ".owner";

    /// <summary>Claims a free slot (or one whose owner died) for this process; null when every slot is held.</summary>
    public async Task<PooledWorktree?> TryClaimAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(PoolRoot);
        for (var index = 0; index < Size; index++)
        {
            var path = SlotPath(PoolRoot, index);
            var owner = OwnerFileOf(path);
            if (WorkspaceOwner.TryClaim(owner))
            {
                return new PooledWorktree(index, path, owner, Suspect: false);
            }

            if (!WorkspaceOwner.IsAlive(owner) && await TryTakeOverAsync(owner, cancellationToken).ConfigureAwait(false))
            {
                return new PooledWorktree(index, path, owner, Suspect: true);
            }
        }

        return null;
    }

    /// <summary>
    /// Puts <paramref name="slot"/> at <paramref name="snapshot"/>: reset (keeping the top-level links named in
    /// <paramref name="keptLinks"/>); rebuilt with <c>git worktree add</c> when that fails or is doubtful.
    /// <paramref name="verified"/>: the reset trusts no change record and is checked by a status walk (a review tree).
    /// Returns true when it was reset in place, false when it had to be (re)built.
    /// </summary>
    public async Task<bool> CheckOutAsync(string repositoryTree, PooledWorktree slot, string snapshot, IReadOnlyList<string> keptLinks, bool verified, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slot);
        ArgumentNullException.ThrowIfNull(keptLinks);
        if (!slot.Suspect && await _reset.TryAsync(slot.Path, snapshot, keptLinks, verified, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        WorktreeChangeRecord.Forget(slot.Path);

        await RebuildAsync(repositoryTree, slot.Path, snapshot, cancellationToken).ConfigureAwait(false);
        return false;
    }

    /// <summary>Gives <paramref name="slot"/> back (its content is reset by the next attempt that claims it).</summary>
    public static void Release(PooledWorktree slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        if (WorkspaceOwner.IsMine(slot.OwnerFile))
        {
            File.Delete(slot.OwnerFile);
        }
    }

    private Task RebuildAsync(string repositoryTree, string path, string snapshot, CancellationToken cancellationToken) =>
        WorktreeOperationGate.RunAsync(_chunkRoot, async () =>
        {
            await _janitor.RemoveWorktreeUngatedAsync(repositoryTree, path, cancellationToken).ConfigureAwait(false);
            GitCommandException.ThrowIfFailed(
                await _git.RunAsync(repositoryTree, ["worktree", "add", "--detach", "--force", path, snapshot], cancellationToken).ConfigureAwait(false),
                $"git worktree add for pool slot {System.IO.Path.GetFileName(path)}");
        }, cancellationToken);

    private Task<bool> TryTakeOverAsync(string owner, CancellationToken cancellationToken) =>
        // Under the cross-process gate so two claimants that both saw the owner dead cannot both take the slot.
        WorktreeOperationGate.RunAsync(_chunkRoot, () =>
        {
            if (WorkspaceOwner.IsAlive(owner))
            {
                return Task.FromResult(false);
            }

            WorkspaceOwner.Write(owner);
            return Task.FromResult(true);
        }, cancellationToken);
}
