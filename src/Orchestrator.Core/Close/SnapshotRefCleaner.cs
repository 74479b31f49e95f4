using Orchestrator.Core.Git;

namespace Orchestrator.Core.Close;

/// <summary>
/// Deletes the session's <c>refs/so-snapshots/&lt;sessionId&gt;/...</c> (a cleanly closed session needs no recovery
/// points) and garbage-collects other sessions' snapshot refs whose commit is older than the age limit. The cluster
/// mode's attempt refs (<c>refs/so-cluster/&lt;sessionId&gt;/...</c>: what was sent to a worker and what came back) are
/// treated the same way.
/// </summary>
public sealed class SnapshotRefCleaner(IGit git, TimeProvider timeProvider)
{
    public const string Namespace = "refs/so-snapshots/";

    /// <summary>Where a cluster coordinator keeps each remote attempt's base and result commits.</summary>
    public const string ClusterNamespace = "refs/so-cluster/";

    /// <param name="repository">Any tree of the repository (refs are shared).</param>
    /// <param name="sessionId">The closing session.</param>
    /// <param name="maxAge">Orphans older than this (by commit date) are deleted.</param>
    /// <param name="dryRun">List only.</param>
    /// <param name="cancellationToken">Cancels.</param>
    public Task<SnapshotCleanup> CleanAsync(string repository, string sessionId, TimeSpan maxAge, bool dryRun, CancellationToken cancellationToken)
    {
        // In-process (libgit2): one ref listing and each delete without a git process per ref (docs/benchmarks.md).
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<GitRefDate> listed;
        try
        {
            listed = [.. git.InProcess.ListRefs(repository, Namespace), .. git.InProcess.ListRefs(repository, ClusterNamespace)];
        }
        catch (GitCommandException ex)
        {
            return Task.FromResult(new SnapshotCleanup([], [], 0, [ex.Message]));
        }

        var mine = new List<string>();
        var expired = new List<string>();
        var cutoff = timeProvider.GetUtcNow() - maxAge;
        foreach (var (name, committed) in listed)
        {
            if (name.StartsWith($"{Namespace}{sessionId}/", StringComparison.Ordinal) || name.StartsWith($"{ClusterNamespace}{sessionId}/", StringComparison.Ordinal))
            {
                mine.Add(name);
            }
            else if (committed is { } date && date < cutoff)
            {
                expired.Add(name);
            }
        }

        var problems = new List<string>();
        if (!dryRun)
        {
            foreach (var name in mine.Concat(expired))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!git.InProcess.DeleteRef(repository, name, out var error))
                {
                    problems.Add($"could not delete {name}: {error}");
                }
            }
        }

        return Task.FromResult(new SnapshotCleanup(mine, expired, listed.Count, problems));
    }
}
