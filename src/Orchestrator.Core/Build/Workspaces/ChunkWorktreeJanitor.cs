using Orchestrator.Core.Git;
using Orchestrator.Core.Options;

namespace Orchestrator.Core.Build.Workspaces;

/// <summary>
/// Removes chunk worktrees left behind by a run whose process is gone (a crash, a <c>kill -9</c>): their git
/// registrations, their folders, and the run folders. Worktrees of a live run (its owner process still running) are
/// kept unless the caller says otherwise. Called when a run is set up and by close.
/// </summary>
public sealed class ChunkWorktreeJanitor(IGit git)
{
    /// <summary>Writes the owner file of a run folder (this process), creating the folder.</summary>
    public static void ClaimRunFolder(string runFolder)
    {
        Directory.CreateDirectory(runFolder);
        WorkspaceOwner.Write(Path.Combine(runFolder, ChunkWorktreeLocations.OwnerFileName));
    }

    /// <summary>
    /// Removes stale chunk worktrees of <paramref name="sessionId"/> (every session when null) and returns the folders
    /// removed. <paramref name="includeLiveRuns"/> also removes those of runs whose owner is alive (close, when no
    /// build can be running). Pool slots whose owner died are removed (the pool rebuilds them on demand); with
    /// <paramref name="includeLiveRuns"/> idle slots go too, so a closed session leaves no checkout behind.
    /// </summary>
    public async Task<IReadOnlyList<string>> RemoveStaleAsync(string mainWorkTreeRoot, OrchestratorOptions options, string? sessionId, bool includeLiveRuns, CancellationToken cancellationToken)
    {
        var root = ChunkWorktreeLocations.Root(mainWorkTreeRoot, options);
        var scope = sessionId is null ? root : Path.Combine(root, ChunkWorktreeLocations.Safe(sessionId));
        var removed = new List<string>();
        if (Directory.Exists(scope))
        {
            var sessionFolders = sessionId is null ? Directory.GetDirectories(scope) : [scope];
            foreach (var runFolder in sessionFolders.SelectMany(Directory.GetDirectories))
            {
                if (!includeLiveRuns && OwnerIsAlive(runFolder))
                {
                    continue;
                }

                foreach (var worktree in Directory.GetDirectories(runFolder))
                {
                    await RemoveWorktreeAsync(root, mainWorkTreeRoot, worktree, cancellationToken).ConfigureAwait(false);
                    removed.Add(worktree);
                }

                DeleteQuietly(runFolder);
            }
        }

        removed.AddRange(await new WorktreePoolJanitor(this).RepairAsync(mainWorkTreeRoot, options, removeIdle: includeLiveRuns, cancellationToken).ConfigureAwait(false));

        // Registrations whose folder is already gone (deleted by hand, or a crash mid-removal).
        await WorktreeOperationGate.RunAsync(root, () => git.RunAsync(mainWorkTreeRoot, ["worktree", "prune"], cancellationToken), cancellationToken).ConfigureAwait(false);
        return removed;
    }

    /// <summary>
    /// Removes one chunk worktree: its symlinks first (never followed), then git's registration and the folder; alone
    /// among the worktree operations on the repository whose chunk worktrees live under <paramref name="chunkRoot"/>.
    /// </summary>
    public Task RemoveWorktreeAsync(string chunkRoot, string repositoryTree, string worktree, CancellationToken cancellationToken) =>
        WorktreeOperationGate.RunAsync(chunkRoot, () => RemoveWorktreeUngatedAsync(repositoryTree, worktree, cancellationToken), cancellationToken);

    /// <summary>As <see cref="RemoveWorktreeAsync"/>, for a caller already inside <see cref="WorktreeOperationGate"/>.</summary>
    internal async Task RemoveWorktreeUngatedAsync(string repositoryTree, string worktree, CancellationToken cancellationToken)
    {
        if (Directory.Exists(worktree))
        {
            foreach (var entry in new DirectoryInfo(worktree).EnumerateFileSystemInfos())
            {
                if (entry.LinkTarget is not null)
                {
                    entry.Delete();
                }
            }
        }

        var result = await git.RunAsync(repositoryTree, ["worktree", "remove", "--force", "--force", worktree], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded || Directory.Exists(worktree))
        {
            DeleteQuietly(worktree);
            await git.RunAsync(repositoryTree, ["worktree", "prune"], cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool OwnerIsAlive(string runFolder) => WorkspaceOwner.IsAlive(Path.Combine(runFolder, ChunkWorktreeLocations.OwnerFileName));

    private static void DeleteQuietly(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a folder left behind is retried by the next janitor pass.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
