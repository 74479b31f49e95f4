using LibGit2Sharp;

namespace Orchestrator.Core.Git;

/// <summary>
/// The real <see cref="ILibGit"/>. A LibGit2Sharp <see cref="Repository"/> is not thread-safe, so every call opens its
/// own and disposes it before returning: calls may run concurrently from any thread.
/// </summary>
public sealed class LibGit : ILibGit
{
    public string? ResolveCommit(string directory, string revision)
    {
        using var repository = Open(directory);
        if (repository is null || string.IsNullOrWhiteSpace(revision) || revision.StartsWith('-'))
        {
            return null;
        }

        try
        {
            // "^{commit}" peels as rev-parse does (an annotated tag names its commit); Lookup<Commit> alone would not.
            return repository.Lookup<Commit>(revision + "^{commit}")?.Sha;
        }
        catch (LibGit2SharpException)
        {
            return null; // ambiguous or malformed: rev-parse --verify --quiet says nothing either
        }
    }

    public IReadOnlyList<GitRefDate> ListRefs(string directory, string prefix) =>
        AsGitFailure($"git for-each-ref {prefix}", () =>
        {
            using var repository = OpenOrThrow(directory);
            return (IReadOnlyList<GitRefDate>)repository.Refs.FromGlob(prefix + "*")
                .Where(r => r.CanonicalName.StartsWith(prefix, StringComparison.Ordinal))
                .Select(r => new GitRefDate(r.CanonicalName, r.ResolveToDirectReference() is { } direct ? repository.Lookup<Commit>(direct.TargetIdentifier + "^{commit}")?.Committer.When : null))
                .OrderBy(r => r.Name, StringComparer.Ordinal)
                .ToList();
        });

    public void UpdateRef(string directory, string refName, string commit) =>
        AsGitFailure($"git update-ref {refName}", () =>
        {
            using var repository = OpenOrThrow(directory);
            return repository.Refs.Add(refName, new ObjectId(commit), allowOverwrite: true);
        });

    public bool DeleteRef(string directory, string refName, out string? error)
    {
        try
        {
            using var repository = OpenOrThrow(directory);
            repository.Refs.Remove(refName);
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is LibGit2SharpException or GitCommandException)
        {
            error = ex.Message;
            return false;
        }
    }

    /// <summary>libgit2's exceptions as the <see cref="GitCommandException"/> the build's attempt handling expects from git steps.</summary>
    private static T AsGitFailure<T>(string step, Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (LibGit2SharpException ex)
        {
            throw new GitCommandException($"{step} failed: {ex.Message}");
        }
    }

    private static Repository OpenOrThrow(string directory) =>
        Open(directory) ?? throw new GitCommandException($"'{directory}' is not in a git repository");

    /// <summary>The repository containing <paramref name="directory"/> (a linked worktree opens as itself), or null.</summary>
    internal static Repository? Open(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return null;
        }

        var gitDirectory = Repository.Discover(directory);
        return gitDirectory is null ? null : new Repository(gitDirectory);
    }
}
