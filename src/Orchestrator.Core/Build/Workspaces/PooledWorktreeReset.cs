using Orchestrator.Core.Git;

namespace Orchestrator.Core.Build.Workspaces;

/// <summary>
/// Moves a pool slot to an attempt's snapshot at the cost of what changed, not of the tree: the paths its last
/// attempt left (<see cref="WorktreeChangeRecord"/>, or one <c>git status</c> walk when there is no record) are undone
/// (untracked and ignored ones deleted, tracked ones restored) together with the paths that differ between the slot's
/// HEAD and the snapshot (a tree diff in the object store), and HEAD is moved. Whole-tree <c>checkout --force</c> plus
/// <c>clean -ffdx</c> remains the fallback when the targeted way fails or would name too many paths. A verified reset
/// (a review tree: a reviewer must never see what an executor left) trusts no record: it walks the slot before, and
/// after, requiring the second walk to find nothing.
/// </summary>
internal sealed class PooledWorktreeReset(IGit git)
{
    // Beyond this many paths one whole-tree checkout is cheaper than naming them (and keeps the command line short).
    private const int MaxTargetedPaths = 1000;

    /// <summary>
    /// Puts the worktree at <paramref name="path"/> at <paramref name="snapshot"/>; false when it could not (the caller
    /// rebuilds it). <paramref name="verified"/>: ignore the slot's change record and check the result with a status walk.
    /// </summary>
    public async Task<bool> TryAsync(string path, string snapshot, IReadOnlyList<string> keptLinks, bool verified, CancellationToken cancellationToken)
    {
        if (!await MoveAsync(path, snapshot, keptLinks, verified, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        if (!verified)
        {
            return true;
        }

        // Anything the walk still finds (a path the targeted undo missed) is a doubt: the whole-tree way, checked again.
        var links = LinksIn(path, keptLinks);
        if (await IsCleanAsync(path, links, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        return await WholeTreeAsync(path, snapshot, links, cancellationToken).ConfigureAwait(false)
            && await IsCleanAsync(path, links, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> IsCleanAsync(string path, IReadOnlyList<string> links, CancellationToken cancellationToken)
    {
        var status = await git.RunAsync(path, WorktreeChanges.StatusArguments, cancellationToken).ConfigureAwait(false);
        return status.Succeeded && WorktreeChanges.Parse(status.StandardOutput).Without(links) is { Tracked.Count: 0, Untracked.Count: 0, Ignored.Count: 0 };
    }

    private static List<string> LinksIn(string path, IReadOnlyList<string> keptLinks) =>
        keptLinks.Where(name => new DirectoryInfo(Path.Combine(path, name)).LinkTarget is not null).ToList();

    private async Task<bool> MoveAsync(string path, string snapshot, IReadOnlyList<string> keptLinks, bool verified, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(path, ".git")))
        {
            WorktreeChangeRecord.Forget(path);
            return false;
        }

        var head = await git.ResolveCommitAsync(path, "HEAD", cancellationToken).ConfigureAwait(false);
        var recorded = WorktreeChangeRecord.Take(path, head);
        var changes = verified ? null : recorded;
        if (head is null)
        {
            return false;
        }

        if (changes is null)
        {
            var status = await git.RunAsync(path, WorktreeChanges.StatusArguments, cancellationToken).ConfigureAwait(false);
            if (!status.Succeeded)
            {
                return false;
            }

            changes = WorktreeChanges.Parse(status.StandardOutput);
        }

        var links = LinksIn(path, keptLinks);
        changes = changes.Without(links);
        foreach (var leftover in changes.Untracked.Concat(changes.Ignored))
        {
            DeleteInside(path, leftover);
        }

        var restore = new SortedSet<string>(changes.Tracked, StringComparer.Ordinal);
        if (head != snapshot)
        {
            var diff = await git.RunAsync(path, ["diff-tree", "-r", "-z", "--name-only", "--no-renames", head, snapshot], cancellationToken).ConfigureAwait(false);
            if (!diff.Succeeded)
            {
                return await WholeTreeAsync(path, snapshot, links, cancellationToken).ConfigureAwait(false);
            }

            restore.UnionWith(GitOutput.SplitNul(diff.StandardOutput));
        }

        if (restore.Count > MaxTargetedPaths)
        {
            return await WholeTreeAsync(path, snapshot, links, cancellationToken).ConfigureAwait(false);
        }

        if (restore.Count > 0)
        {
            // No overlay: a path the snapshot lacks is removed from the index and the folder.
            List<string> command = ["--literal-pathspecs", "restore", "--source=" + snapshot, "--staged", "--worktree", "--"];
            command.AddRange(restore);
            if (!(await git.RunAsync(path, command, cancellationToken).ConfigureAwait(false)).Succeeded)
            {
                return await WholeTreeAsync(path, snapshot, links, cancellationToken).ConfigureAwait(false);
            }
        }

        return head == snapshot
            || (await git.RunAsync(path, ["update-ref", "--no-deref", "HEAD", snapshot], cancellationToken).ConfigureAwait(false)).Succeeded;
    }

    private async Task<bool> WholeTreeAsync(string path, string snapshot, IReadOnlyList<string> links, CancellationToken cancellationToken)
    {
        if (!(await git.RunAsync(path, ["checkout", "--quiet", "--detach", "--force", snapshot], cancellationToken).ConfigureAwait(false)).Succeeded)
        {
            return false;
        }

        // -x: build outputs the last attempt left in ignored folders go too; only the links the orchestrator made stay.
        List<string> clean = ["clean", "-ffdxq"];
        clean.AddRange(links.SelectMany(name => new[] { "-e", "/" + name }));
        return (await git.RunAsync(path, clean, cancellationToken).ConfigureAwait(false)).Succeeded
            && await git.ResolveCommitAsync(path, "HEAD", cancellationToken).ConfigureAwait(false) == snapshot;
    }

    /// <summary>Deletes <paramref name="relative"/> (a file, a link, or a folder with what it holds) and the folders it leaves empty.</summary>
    private static void DeleteInside(string root, string relative)
    {
        var full = Path.GetFullPath(Path.Combine(root, relative.TrimEnd('/')));
        if (!ChunkWorktreeLocations.IsInside(full, root) || full == Path.GetFullPath(root))
        {
            return;
        }

        var entry = new FileInfo(full);
        if (entry.LinkTarget is not null || entry.Exists)
        {
            entry.Delete();
        }
        else if (Directory.Exists(full))
        {
            // Links inside are removed, never followed.
            Directory.Delete(full, recursive: true);
        }

        for (var folder = Path.GetDirectoryName(full); folder is not null && ChunkWorktreeLocations.IsInside(folder, root) && folder != Path.GetFullPath(root); folder = Path.GetDirectoryName(folder))
        {
            if (Directory.EnumerateFileSystemEntries(folder).Any())
            {
                break;
            }

            Directory.Delete(folder);
        }
    }
}
