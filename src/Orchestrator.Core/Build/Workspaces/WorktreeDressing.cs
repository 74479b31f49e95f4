using Orchestrator.Core.Git;
using Orchestrator.Core.Options;

namespace Orchestrator.Core.Build.Workspaces;

/// <summary>
/// What a chunk worktree gets on top of its checkout: the session tree's heavy ignored folders as symlinks
/// (<c>symlink_folders</c>) and its top-level environment files copied (<c>copy_files</c>, e.g. <c>.env*</c>). A pool
/// slot keeps its links across attempts; one that points elsewhere (another session's tree) or at nothing is redone.
/// </summary>
internal sealed class WorktreeDressing(IGit git, string sessionTree, OrchestratorOptions options)
{
    /// <summary>The configured folder names that are safe to link (no rooted paths, no <c>..</c>).</summary>
    public IReadOnlyList<string> LinkableFolders { get; } = options.SymlinkFolders.Where(IsSafeFolderName).ToList();

    /// <summary>The folders of <paramref name="tree"/> that are symlinks (left out of its snapshots).</summary>
    public List<string> SymlinkedFolders(string tree) =>
        LinkableFolders.Where(folder => new DirectoryInfo(Path.Combine(tree, folder)).LinkTarget is not null).ToList();

    /// <summary>Links the heavy folders into <paramref name="worktree"/> and returns the names linked.</summary>
    public async Task<IReadOnlyList<string>> LinkHeavyFoldersAsync(string worktree, CancellationToken cancellationToken)
    {
        var linked = new List<string>();
        foreach (var folder in LinkableFolders)
        {
            var source = Path.Combine(sessionTree, folder);
            var target = new DirectoryInfo(Path.Combine(worktree, folder));
            var wanted = await WantedTargetAsync(source, folder, cancellationToken).ConfigureAwait(false);
            if (target.LinkTarget is { } existing)
            {
                if (wanted is not null && Path.GetFullPath(existing, worktree) == wanted)
                {
                    linked.Add(folder);
                    continue;
                }

                // A pool slot's link to another session's folder, or to one that is gone: never followed, redone.
                target.Delete();
            }

            if (wanted is null || Path.Exists(target.FullName))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target.FullName)!);
            Directory.CreateSymbolicLink(target.FullName, wanted);
            linked.Add(folder);
        }

        return linked;
    }

    /// <summary>Copies the top-level files matching <c>copy_files</c> from the session tree where the worktree has none.</summary>
    public void CopyEnvironmentFiles(string worktree)
    {
        foreach (var pattern in options.CopyFiles.Where(p => !p.Contains('/', StringComparison.Ordinal) && !p.Contains("..", StringComparison.Ordinal)))
        {
            foreach (var file in Directory.EnumerateFiles(sessionTree, pattern))
            {
                var target = Path.Combine(worktree, Path.GetFileName(file));
                if (!File.Exists(target))
                {
                    File.Copy(file, target);
                }
            }
        }
    }

    private async Task<string?> WantedTargetAsync(string source, string folder, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(source))
        {
            return null;
        }

        // Only ignored folders (or the session's own links to them): a tracked build/ is part of the checkout.
        var isLink = new DirectoryInfo(source).LinkTarget is not null;
        if (!isLink && !await git.IsIgnoredAsync(sessionTree, folder, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return Path.GetFullPath(new DirectoryInfo(source).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? source);
    }

    private static bool IsSafeFolderName(string folder) =>
        folder.Length > 0 && !folder.Contains("..", StringComparison.Ordinal) && !Path.IsPathRooted(folder);
}
