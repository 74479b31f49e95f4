using Orchestrator.Core.Common;
using Orchestrator.Core.Git;
using Orchestrator.Core.Options;

namespace Orchestrator.Core.Sessions;

/// <summary>
/// Creates a session worktree on a new branch and makes it usable at once: heavy git-ignored folders (node_modules,
/// .venv, ...) are symlinked from the source tree rather than reinstalled (and kept out of <c>git status</c> by
/// <see cref="WorktreeExcludes"/>), and <c>.env*</c> files are copied.
/// </summary>
public sealed class WorktreeProvisioner(IGit git)
{
    public async Task<Outcome<string>> CreateAsync(ProjectContext project, string sourceTree, string branch, OrchestratorOptions options, CancellationToken cancellationToken)
    {
        var root = WorktreeRoot(project, options);
        var path = Path.Combine(root, branch.Replace('/', '-'));
        if (Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any())
        {
            return Outcome<string>.Failure(ErrorCode.Conflict,
                $"'{path}' already exists and is not empty. Remove it, pass a different base_name, or set worktree_root in .orchestrator/config.yaml.");
        }

        Directory.CreateDirectory(root);
        var added = await git.RunAsync(sourceTree, ["worktree", "add", "-b", branch, "--", path, "HEAD"], cancellationToken).ConfigureAwait(false);
        if (!added.Succeeded)
        {
            return Outcome<string>.Failure(ErrorCode.GitFailed,
                $"git worktree add failed: {added.Message}. Use isolation \"in_place\" to work in your own tree instead.");
        }

        await ProvisionAsync(project, sourceTree, path, options, cancellationToken).ConfigureAwait(false);
        return Outcome<string>.Success(path);
    }

    /// <summary>
    /// Checks out an existing session branch again at <paramref name="path"/> (a resumed session whose worktree folder
    /// was removed), provisioned like a new one.
    /// </summary>
    public async Task<Outcome<string>> AttachAsync(ProjectContext project, string branch, string path, OrchestratorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        await git.RunAsync(project.MainWorkTreeRoot, ["worktree", "prune"], cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var added = await git.RunAsync(project.MainWorkTreeRoot, ["worktree", "add", "--", path, branch], cancellationToken).ConfigureAwait(false);
        if (!added.Succeeded)
        {
            return Outcome<string>.Failure(ErrorCode.GitFailed,
                $"The session's worktree '{path}' is gone and checking out its branch '{branch}' there again failed: {added.Message}. Check out the branch yourself, or start a new session (new: true).");
        }

        await ProvisionAsync(project, project.MainWorkTreeRoot, path, options, cancellationToken).ConfigureAwait(false);
        return Outcome<string>.Success(path);
    }

    private async Task ProvisionAsync(ProjectContext project, string sourceTree, string worktree, OrchestratorOptions options, CancellationToken cancellationToken)
    {
        var linked = await LinkHeavyFoldersAsync(sourceTree, worktree, options, cancellationToken).ConfigureAwait(false);
        await WorktreeExcludes.AddAsync(project.CommonGitDirectory, linked, cancellationToken).ConfigureAwait(false);
        CopyEnvironmentFiles(sourceTree, worktree, options);
    }

    public static string WorktreeRoot(ProjectContext project, OrchestratorOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.WorktreeRoot))
        {
            return Path.GetFullPath(Path.Combine(project.MainWorkTreeRoot, options.WorktreeRoot));
        }

        var main = Path.TrimEndingDirectorySeparator(project.MainWorkTreeRoot);
        return Path.Combine(Path.GetDirectoryName(main) ?? main, Path.GetFileName(main) + "-worktrees");
    }

    private async Task<IReadOnlyList<string>> LinkHeavyFoldersAsync(string sourceTree, string worktree, OrchestratorOptions options, CancellationToken cancellationToken)
    {
        var linked = new List<string>();
        foreach (var folder in options.SymlinkFolders)
        {
            if (folder.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(folder))
            {
                continue; // confined to the repository, whatever the config says
            }

            var source = Path.Combine(sourceTree, folder);
            var target = Path.Combine(worktree, folder);
            if (!Directory.Exists(source) || Path.Exists(target))
            {
                continue;
            }

            // Only ignored folders: a tracked "build/" is part of the checkout already and must not be shared.
            if (!await git.IsIgnoredAsync(sourceTree, folder, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            Directory.CreateSymbolicLink(target, source);
            linked.Add(folder);
        }

        return linked;
    }

    private static void CopyEnvironmentFiles(string sourceTree, string worktree, OrchestratorOptions options)
    {
        foreach (var pattern in options.CopyFiles)
        {
            if (pattern.Contains('/', StringComparison.Ordinal) || pattern.Contains("..", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(sourceTree, pattern))
            {
                var target = Path.Combine(worktree, Path.GetFileName(file));
                if (!File.Exists(target))
                {
                    File.Copy(file, target);
                }
            }
        }
    }
}
