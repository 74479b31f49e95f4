using Orchestrator.Core.Git;

namespace Orchestrator.Core.Build.Workspaces;

/// <summary>
/// Writes the tree of the session tree's current state (tracked changes and untracked, non-ignored files) without
/// touching its index, branch or HEAD, from a private index kept for the whole run (<paramref name="indexFile"/>): the
/// first snapshot starts from a copy of the tree's own index, every later one refreshes the same index with
/// <c>add -A</c>, whose stat cache re-hashes only the files that changed since the previous snapshot, and
/// <c>write-tree</c> rebuilds only the folders whose entries changed (the index's cache-tree). Not thread-safe: callers
/// hold the session tree's lock.
/// </summary>
public sealed class SessionTreeSnapshotter(IGit git, string tree, string indexFile)
{
    // Beyond this many paths one whole-tree refresh is cheaper than naming them (and keeps the command line short).
    private const int MaxTargetedPaths = 1000;

    /// <summary>The tree id of the session tree now, leaving out <paramref name="excludedPaths"/> (top-level links the orchestrator made).</summary>
    public async Task<string> WriteTreeAsync(IReadOnlyList<string> excludedPaths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(excludedPaths);
        var environment = new Dictionary<string, string?> { ["GIT_INDEX_FILE"] = indexFile };
        if (!File.Exists(indexFile))
        {
            await SeedAsync(environment, cancellationToken).ConfigureAwait(false);
        }

        List<string> add = ["add", "-A", "--", "."];
        add.AddRange(await LinkExclusions.PathspecsAsync(git, tree, excludedPaths, cancellationToken).ConfigureAwait(false));
        var added = await git.RunAsync(tree, add, environment, cancellationToken).ConfigureAwait(false);
        if (!added.Succeeded)
        {
            // A kept index that git no longer accepts (a crash while writing it, a git upgrade): start over once.
            File.Delete(indexFile);
            await SeedAsync(environment, cancellationToken).ConfigureAwait(false);
            GitCommandException.ThrowIfFailed(await git.RunAsync(tree, add, environment, cancellationToken).ConfigureAwait(false), "git add -A into the snapshot index");
        }

        return GitCommandException.ThrowIfFailed(await git.RunAsync(tree, ["write-tree"], environment, cancellationToken).ConfigureAwait(false), "git write-tree").StandardOutput.Trim();
    }

    /// <summary>
    /// The tree id of the session tree with only <paramref name="paths"/> refreshed from the folder: enough to
    /// three-way apply a change to those paths (the apply reads nothing else, and <c>git apply --check</c> refuses
    /// when the folder moved under it). The whole-tree way when there is no kept index yet, too many paths, or
    /// <c>update-index</c> refuses them.
    /// </summary>
    public async Task<string> WriteTreeOfPathsAsync(IReadOnlyList<string> paths, IReadOnlyList<string> excludedPaths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (!File.Exists(indexFile) || paths.Count > MaxTargetedPaths)
        {
            return await WriteTreeAsync(excludedPaths, cancellationToken).ConfigureAwait(false);
        }

        var environment = new Dictionary<string, string?> { ["GIT_INDEX_FILE"] = indexFile };
        List<string> update = ["update-index", "--add", "--remove", "--replace", "--"];
        update.AddRange(paths);
        if (!(await git.RunAsync(tree, update, environment, cancellationToken).ConfigureAwait(false)).Succeeded)
        {
            return await WriteTreeAsync(excludedPaths, cancellationToken).ConfigureAwait(false);
        }

        return GitCommandException.ThrowIfFailed(await git.RunAsync(tree, ["write-tree"], environment, cancellationToken).ConfigureAwait(false), "git write-tree").StandardOutput.Trim();
    }

    private async Task SeedAsync(Dictionary<string, string?> environment, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(indexFile)!);

        // Start from the tree's own index when it has one: its stat cache spares re-hashing unchanged files.
        var ownIndex = await git.RunAsync(tree, ["rev-parse", "--path-format=absolute", "--git-path", "index"], cancellationToken).ConfigureAwait(false);
        if (ownIndex.Succeeded && File.Exists(ownIndex.StandardOutput.Trim()))
        {
            File.Copy(ownIndex.StandardOutput.Trim(), indexFile, overwrite: true);
            return;
        }

        var head = await git.ResolveCommitAsync(tree, "HEAD", cancellationToken).ConfigureAwait(false);
        GitCommandException.ThrowIfFailed(
            await git.RunAsync(tree, head is null ? ["read-tree", "--empty"] : ["read-tree", head], environment, cancellationToken).ConfigureAwait(false),
            "git read-tree into the snapshot index");
    }
}
