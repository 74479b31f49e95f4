namespace Orchestrator.Core.Git;

/// <summary>
/// Git in-process through libgit2 (LibGit2Sharp), for the operations the benchmark in <c>docs/benchmarks.md</c> gave to
/// it: rev-parse and the snapshot refs (write, list with dates, delete), none of which touch the user's index, branch or
/// HEAD. Everything that must honour the user's setup (worktrees, merge-tree, commit/push on the user's branch with hooks
/// and signing) stays with the <c>git</c> CLI in <see cref="GitCli"/>, and so do status, snapshot commits and
/// commit-to-commit diffs, where the CLI measured faster on the 50,000-file repository.
/// </summary>
public interface ILibGit
{
    /// <summary>The commit <paramref name="revision"/> names (peeled), or null when it names none or there is no repository.</summary>
    string? ResolveCommit(string directory, string revision);

    /// <summary>Refs under <paramref name="prefix"/> (e.g. <c>refs/so-snapshots/</c>) with their commit's committer date.</summary>
    IReadOnlyList<GitRefDate> ListRefs(string directory, string prefix);

    /// <summary>Points <paramref name="refName"/> at <paramref name="commit"/>, creating or moving it.</summary>
    void UpdateRef(string directory, string refName, string commit);

    /// <summary>Deletes <paramref name="refName"/>; false when it could not be deleted (the reason in <paramref name="error"/>).</summary>
    bool DeleteRef(string directory, string refName, out string? error);
}
