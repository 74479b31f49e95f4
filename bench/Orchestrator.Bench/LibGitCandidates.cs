using LibGit2Sharp;
using Orchestrator.Core.Git;

namespace Orchestrator.Bench;

/// <summary>
/// The libgit2 versions of the operations the benchmark left on the CLI (status, snapshot commit, commit-to-commit
/// diff), kept here so the comparison can be re-run. Each gives the CLI's answer (the benchmark checks it).
/// </summary>
internal static class LibGitCandidates
{
    private static readonly StatusOptions PorcelainStatus = new()
    {
        IncludeUntracked = true,
        RecurseUntrackedDirs = true,
        IncludeIgnored = false,
        DetectRenamesInIndex = true,
        DetectRenamesInWorkDir = false,
    };

    /// <summary><c>git status --porcelain=v1 --untracked-files=all</c>.</summary>
    public static GitStatus GetStatus(string directory)
    {
        using var repository = LibGit.Open(directory) ?? throw new InvalidOperationException($"'{directory}' is not in a git repository");
        return LibGitStatus.From(repository.RetrieveStatus(PorcelainStatus));
    }

    /// <summary><c>git diff --name-only --no-renames</c> between two commits.</summary>
    public static IReadOnlyList<string> ChangedPaths(string directory, string fromCommit, string toCommit)
    {
        using var repository = LibGit.Open(directory) ?? throw new InvalidOperationException($"'{directory}' is not in a git repository");
        var changes = repository.Diff.Compare<TreeChanges>(repository.Lookup<Commit>(fromCommit).Tree, repository.Lookup<Commit>(toCommit).Tree,
            new CompareOptions { Similarity = SimilarityOptions.None });
        // A type change (file <-> symlink) comes as a delete and an add of one path: list it once.
        return changes.Select(c => c.Path).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The snapshot commit: <c>add -A</c> into a copy of the tree's index (opened as the repository's index), then tree and commit.</summary>
    public static string CommitWorkingTree(string tree, string message)
    {
        var gitDirectory = Repository.Discover(tree) ?? throw new InvalidOperationException($"'{tree}' is not in a git repository");
        var indexCopy = Path.Combine(Path.GetTempPath(), $"so-index-{Guid.NewGuid():N}");
        try
        {
            File.Copy(Path.Combine(gitDirectory, "index"), indexCopy);
            using var repository = new Repository(gitDirectory, new RepositoryOptions { IndexPath = indexCopy });
            LibGitStaging.StageAll(repository, []);
            var snapshotTree = repository.ObjectDatabase.CreateTree(repository.Index);
            var signature = new Signature("orchestrator", "orchestrator@localhost", DateTimeOffset.Now);
            return repository.ObjectDatabase.CreateCommit(signature, signature, message, snapshotTree, [repository.Head.Tip], prettifyMessage: true).Sha;
        }
        finally
        {
            File.Delete(indexCopy);
        }
    }
}
