using LibGit2Sharp;

namespace Orchestrator.Bench;

/// <summary>Benchmark candidate (not adopted): <c>git add -A</c> in libgit2 terms, on whatever index the repository was opened with.</summary>
internal static class LibGitStaging
{
    private static readonly StatusOptions WorkTreeChanges = new()
    {
        Show = StatusShowOption.IndexAndWorkDir,
        IncludeUntracked = true,
        RecurseUntrackedDirs = true,
        IncludeIgnored = false,
        DetectRenamesInIndex = false,
        DetectRenamesInWorkDir = false,
    };

    private const FileStatus Changed = FileStatus.NewInWorkdir | FileStatus.ModifiedInWorkdir | FileStatus.DeletedFromWorkdir
        | FileStatus.TypeChangeInWorkdir | FileStatus.RenamedInWorkdir | FileStatus.Conflicted;

    /// <summary>
    /// Stages every work-tree change (new non-ignored files, edits, deletions, mode and type changes) except under
    /// <paramref name="excludedPaths"/>, then writes the index (the caller's temporary copy).
    /// </summary>
    public static void StageAll(Repository repository, IReadOnlyList<string> excludedPaths)
    {
        var excluded = excludedPaths.Select(p => p.Replace('\\', '/').Trim('/')).Where(p => p.Length > 0).ToList();
        var index = repository.Index;
        foreach (var entry in repository.RetrieveStatus(WorkTreeChanges))
        {
            if ((entry.State & Changed) == 0 || excluded.Any(p => entry.FilePath == p || entry.FilePath.StartsWith(p + "/", StringComparison.Ordinal)))
            {
                continue;
            }

            if (entry.State.HasFlag(FileStatus.DeletedFromWorkdir))
            {
                index.Remove(entry.FilePath);
            }
            else
            {
                index.Add(entry.FilePath);
            }
        }

        index.Write();
    }
}
