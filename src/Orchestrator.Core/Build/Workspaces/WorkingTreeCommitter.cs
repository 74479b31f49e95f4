using Orchestrator.Core.Git;

namespace Orchestrator.Core.Build.Workspaces;

/// <summary>
/// Records a working tree's current state (tracked changes and untracked, non-ignored files) as a commit without
/// touching its index, branch or HEAD: <c>add -A</c> into a temporary index (<c>GIT_INDEX_FILE</c>), then
/// <c>write-tree</c> and <c>commit-tree</c>. The commit is reachable only from the refs a caller creates. The snapshot
/// itself and the diff stay on the CLI (docs/benchmarks.md); the snapshot refs are written in-process.
/// </summary>
public sealed class WorkingTreeCommitter(IGit git)
{
    // commit-tree needs an identity; a fixed one keeps snapshots independent of the user's git config.
    private static readonly IReadOnlyDictionary<string, string?> Identity = new Dictionary<string, string?>
    {
        ["GIT_AUTHOR_NAME"] = "orchestrator",
        ["GIT_AUTHOR_EMAIL"] = "orchestrator@localhost",
        ["GIT_COMMITTER_NAME"] = "orchestrator",
        ["GIT_COMMITTER_EMAIL"] = "orchestrator@localhost",
    };

    /// <summary>
    /// Commits the state of <paramref name="tree"/> with <paramref name="parent"/> (a commit, or null for HEAD when it
    /// exists). <paramref name="excludedPaths"/> (top-level symlinks the orchestrator made) are left out.
    /// </summary>
    public async Task<string> CommitAsync(string tree, string? parent, string message, IReadOnlyList<string> excludedPaths, CancellationToken cancellationToken)
    {
        parent ??= await git.ResolveCommitAsync(tree, "HEAD", cancellationToken).ConfigureAwait(false);
        var indexFile = Path.Combine(Path.GetTempPath(), $"so-index-{Guid.NewGuid():N}");
        try
        {
            // Start from the tree's own index when it has one: its stat cache spares re-hashing unchanged files.
            var ownIndex = await git.RunAsync(tree, ["rev-parse", "--path-format=absolute", "--git-path", "index"], cancellationToken).ConfigureAwait(false);
            if (ownIndex.Succeeded && File.Exists(ownIndex.StandardOutput.Trim()))
            {
                File.Copy(ownIndex.StandardOutput.Trim(), indexFile);
            }

            var environment = new Dictionary<string, string?>(Identity) { ["GIT_INDEX_FILE"] = indexFile };
            if (!File.Exists(indexFile))
            {
                GitCommandException.ThrowIfFailed(
                    await git.RunAsync(tree, parent is null ? ["read-tree", "--empty"] : ["read-tree", parent], environment, cancellationToken).ConfigureAwait(false),
                    "git read-tree into a temporary index");
            }

            List<string> add = ["add", "-A", "--", "."];
            add.AddRange(await LinkExclusions.PathspecsAsync(git, tree, excludedPaths, cancellationToken).ConfigureAwait(false));
            GitCommandException.ThrowIfFailed(await git.RunAsync(tree, add, environment, cancellationToken).ConfigureAwait(false), "git add -A into a temporary index");
            var treeId = GitCommandException.ThrowIfFailed(await git.RunAsync(tree, ["write-tree"], environment, cancellationToken).ConfigureAwait(false), "git write-tree").StandardOutput.Trim();
            List<string> commit = ["commit-tree", treeId, "-m", message];
            if (parent is not null)
            {
                commit.InsertRange(2, ["-p", parent]);
            }

            return GitCommandException.ThrowIfFailed(await git.RunAsync(tree, commit, environment, cancellationToken).ConfigureAwait(false), "git commit-tree").StandardOutput.Trim();
        }
        finally
        {
            File.Delete(indexFile);
        }
    }

    /// <summary>
    /// Commits the state of <paramref name="tree"/>, whose HEAD is <paramref name="parent"/>, when only
    /// <paramref name="paths"/> can differ from its index (they come from one <c>git status</c>): a copy of its index
    /// takes just those paths (<c>update-index</c>), so the cost is the change, not the tree. Null when that fails
    /// (a file turned into a folder, say): the caller takes the whole-tree way (<see cref="CommitAsync"/>).
    /// </summary>
    public async Task<string?> CommitPathsAsync(string tree, string parent, string message, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var ownIndex = await git.RunAsync(tree, ["rev-parse", "--path-format=absolute", "--git-path", "index"], cancellationToken).ConfigureAwait(false);
        if (!ownIndex.Succeeded || !File.Exists(ownIndex.StandardOutput.Trim()))
        {
            return null;
        }

        var indexFile = Path.Combine(Path.GetTempPath(), $"so-index-{Guid.NewGuid():N}");
        try
        {
            File.Copy(ownIndex.StandardOutput.Trim(), indexFile);
            var environment = new Dictionary<string, string?>(Identity) { ["GIT_INDEX_FILE"] = indexFile };
            List<string> update = ["update-index", "--add", "--remove", "--replace", "--"];
            update.AddRange(paths);
            if (!(await git.RunAsync(tree, update, environment, cancellationToken).ConfigureAwait(false)).Succeeded)
            {
                return null;
            }

            var treeId = GitCommandException.ThrowIfFailed(await git.RunAsync(tree, ["write-tree"], environment, cancellationToken).ConfigureAwait(false), "git write-tree").StandardOutput.Trim();
            return GitCommandException.ThrowIfFailed(
                await git.RunAsync(tree, ["commit-tree", treeId, "-p", parent, "-m", message], environment, cancellationToken).ConfigureAwait(false), "git commit-tree").StandardOutput.Trim();
        }
        finally
        {
            File.Delete(indexFile);
        }
    }

    /// <summary>Commits the tree <paramref name="treeId"/> with <paramref name="parent"/> (null: no parent), without touching any ref.</summary>
    public async Task<string> CommitTreeAsync(string tree, string treeId, string? parent, string message, CancellationToken cancellationToken)
    {
        List<string> commit = ["commit-tree", treeId, "-m", message];
        if (parent is not null)
        {
            commit.InsertRange(2, ["-p", parent]);
        }

        return GitCommandException.ThrowIfFailed(await git.RunAsync(tree, commit, Identity, cancellationToken).ConfigureAwait(false), "git commit-tree").StandardOutput.Trim();
    }

    /// <summary>Points <paramref name="refName"/> at <paramref name="commit"/> (a snapshot ref: a recovery point), in-process.</summary>
    public Task UpdateRefAsync(string tree, string refName, string commit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        git.InProcess.UpdateRef(tree, refName, commit);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Paths that differ between two commits (no rename detection: a rename is a delete plus an add). On the CLI:
    /// libgit2's tree diff took 128 ms against git's 4 ms on the 50,000-file benchmark repository (docs/benchmarks.md).
    /// </summary>
    public async Task<IReadOnlyList<string>> ChangedPathsAsync(string tree, string from, string to, CancellationToken cancellationToken)
    {
        var diff = GitCommandException.ThrowIfFailed(
            await git.RunAsync(tree, ["diff", "--name-only", "--no-renames", "-z", from, to, "--"], cancellationToken).ConfigureAwait(false), "git diff --name-only");
        return GitOutput.SplitNul(diff.StandardOutput);
    }
}
