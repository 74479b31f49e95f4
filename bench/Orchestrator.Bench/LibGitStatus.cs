using LibGit2Sharp;
using Orchestrator.Core.Git;

namespace Orchestrator.Bench;

/// <summary>Benchmark candidate (not adopted: the CLI was faster at 50,000 files): libgit2 status entries split as <c>git status --porcelain=v1</c> is.</summary>
internal static class LibGitStatus
{
    private const FileStatus InIndex = FileStatus.NewInIndex | FileStatus.ModifiedInIndex | FileStatus.DeletedFromIndex
        | FileStatus.RenamedInIndex | FileStatus.TypeChangeInIndex;

    private const FileStatus InWorkTree = FileStatus.ModifiedInWorkdir | FileStatus.DeletedFromWorkdir
        | FileStatus.TypeChangeInWorkdir | FileStatus.RenamedInWorkdir;

    public static GitStatus From(RepositoryStatus status)
    {
        var staged = new List<string>();
        var unstaged = new List<string>();
        var untracked = new List<string>();
        foreach (var entry in status)
        {
            var state = entry.State;
            if (state.HasFlag(FileStatus.Ignored) || state == FileStatus.Unaltered)
            {
                continue;
            }

            if (state.HasFlag(FileStatus.Conflicted))
            {
                // porcelain shows an unmerged path as "UU": both columns.
                staged.Add(entry.FilePath);
                unstaged.Add(entry.FilePath);
                continue;
            }

            if (state == FileStatus.NewInWorkdir)
            {
                untracked.Add(entry.FilePath);
                continue;
            }

            if ((state & InIndex) != 0)
            {
                staged.Add(entry.FilePath);
            }

            if ((state & InWorkTree) != 0)
            {
                unstaged.Add(entry.FilePath);
            }
        }

        return new GitStatus(staged, unstaged, untracked.Order(StringComparer.Ordinal).ToList());
    }
}
