using Orchestrator.Core.Options;

namespace Orchestrator.Core.Build.Workspaces;

/// <summary>
/// Repairs a repository's worktree pool after a crash: a slot whose owner process is gone may be half reset or hold a
/// dead agent's edits, so it is taken over (under the worktree gate, like any claimant) and removed; the pool adds it
/// again when an attempt needs it. Idle slots are removed too when asked (close).
/// </summary>
internal sealed class WorktreePoolJanitor(ChunkWorktreeJanitor janitor)
{
    public async Task<IReadOnlyList<string>> RepairAsync(string mainWorkTreeRoot, OrchestratorOptions options, bool removeIdle, CancellationToken cancellationToken)
    {
        var poolRoot = ChunkWorktreeLocations.PoolRoot(mainWorkTreeRoot, options);
        var removed = new List<string>();
        if (!Directory.Exists(poolRoot))
        {
            return removed;
        }

        var chunkRoot = ChunkWorktreeLocations.Root(mainWorkTreeRoot, options);
        var slots = Directory.GetDirectories(poolRoot)
            .Concat(Directory.GetFiles(poolRoot, "*.owner").Select(f => f[..^".owner".Length]))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var slot in slots)
        {
            var owner = WorktreePool.OwnerFileOf(slot);
            if (!await TryHoldAsync(chunkRoot, owner, removeIdle, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            try
            {
                var existed = Directory.Exists(slot);
                await janitor.RemoveWorktreeAsync(chunkRoot, mainWorkTreeRoot, slot, cancellationToken).ConfigureAwait(false);
                if (existed)
                {
                    removed.Add(slot);
                }
            }
            finally
            {
                WorktreeChangeRecord.Forget(slot);
                File.Delete(owner);
            }
        }

        return removed;
    }

    private static Task<bool> TryHoldAsync(string chunkRoot, string owner, bool removeIdle, CancellationToken cancellationToken)
    {
        if (removeIdle && WorkspaceOwner.TryClaim(owner))
        {
            return Task.FromResult(true);
        }

        return WorktreeOperationGate.RunAsync(chunkRoot, () =>
        {
            if (!File.Exists(owner) || WorkspaceOwner.IsAlive(owner))
            {
                return Task.FromResult(false);
            }

            WorkspaceOwner.Write(owner);
            return Task.FromResult(true);
        }, cancellationToken);
    }
}
