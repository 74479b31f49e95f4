namespace Orchestrator.Core.Git;

/// <summary>
/// Git for the engine: the real <c>git</c> CLI for everything that must honour the user's setup (worktrees, merge-tree,
/// commits on the user's branch, push) and where the CLI measured faster (status, snapshot commits), and
/// <see cref="InProcess"/> (libgit2) for the operations the benchmark gave to it (docs/benchmarks.md). Expected
/// conditions (not a repository, no such branch) are values; only a missing git binary is an exception.
/// </summary>
public interface IGit
{
    /// <summary>The in-process side (rev-parse, commit-to-commit diffs, snapshot refs).</summary>
    ILibGit InProcess { get; }

    /// <summary>Runs git with an argument list in <paramref name="workingDirectory"/>.</summary>
    Task<GitResult> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken);

    /// <summary>
    /// Runs git with extra environment variables (e.g. <c>GIT_INDEX_FILE</c> for a temporary index that leaves the
    /// user's own index untouched).
    /// </summary>
    Task<GitResult> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken);

    /// <summary>The top of the work tree containing <paramref name="directory"/>, or null when it is not in one.</summary>
    Task<string?> FindWorkTreeRootAsync(string directory, CancellationToken cancellationToken);

    /// <summary>The main working tree of the repository (shared by all its worktrees), or null for a bare repository.</summary>
    Task<string?> FindMainWorkTreeAsync(string directory, CancellationToken cancellationToken);

    /// <summary>The absolute path of the repository's common git directory (<c>.git</c> of the main tree).</summary>
    Task<string> GetCommonDirectoryAsync(string directory, CancellationToken cancellationToken);

    /// <summary>The checked-out branch, or null on a detached HEAD.</summary>
    Task<string?> GetCurrentBranchAsync(string directory, CancellationToken cancellationToken);

    /// <summary>The repository's default branch: origin's HEAD, else main, else master; null when none exists.</summary>
    Task<string?> GetDefaultBranchAsync(string directory, CancellationToken cancellationToken);

    Task<bool> BranchExistsAsync(string directory, string branch, CancellationToken cancellationToken);

    /// <summary>True when <c>git check-ref-format --branch</c> accepts the name and it does not start with '-'.</summary>
    Task<bool> IsValidBranchNameAsync(string directory, string branch, CancellationToken cancellationToken);

    Task<int> CountCommitsAsync(string directory, string range, CancellationToken cancellationToken);

    /// <summary>Files that differ between the merge base of <paramref name="baseRef"/> and HEAD.</summary>
    Task<IReadOnlyList<string>> ChangedFilesSinceAsync(string directory, string baseRef, CancellationToken cancellationToken);

    Task<GitStatus> GetStatusAsync(string directory, CancellationToken cancellationToken);

    /// <summary>The commit <paramref name="revision"/> names, or null (in-process: no git process per lookup).</summary>
    Task<string?> ResolveCommitAsync(string directory, string revision, CancellationToken cancellationToken);

    /// <summary>True when git ignores <paramref name="relativePath"/> in the tree at <paramref name="directory"/>.</summary>
    Task<bool> IsIgnoredAsync(string directory, string relativePath, CancellationToken cancellationToken);
}
