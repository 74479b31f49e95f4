using System.Globalization;
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
    public async Task<SnapshotCleanup> CleanAsync(string repository, string sessionId, TimeSpan maxAge, bool dryRun, CancellationToken cancellationToken)
    {
        var listed = await git.RunAsync(repository, ["for-each-ref", "--format=%(refname) %(committerdate:unix) %(*committerdate:unix)", Namespace, ClusterNamespace], cancellationToken).ConfigureAwait(false);
        if (!listed.Succeeded)
        {
            return new SnapshotCleanup([], [], 0, [$"git for-each-ref failed: {listed.Message}"]);
        }

        var mine = new List<string>();
        var expired = new List<string>();
        var cutoff = timeProvider.GetUtcNow() - maxAge;
        var lines = listed.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var line in lines)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var name = parts[0];
            if (name.StartsWith($"{Namespace}{sessionId}/", StringComparison.Ordinal) || name.StartsWith($"{ClusterNamespace}{sessionId}/", StringComparison.Ordinal))
            {
                mine.Add(name);
                continue;
            }

            var seconds = parts.Skip(1).Select(p => long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : (long?)null).FirstOrDefault(s => s is not null);
            if (seconds is { } epoch && DateTimeOffset.FromUnixTimeSeconds(epoch) < cutoff)
            {
                expired.Add(name);
            }
        }

        var problems = new List<string>();
        if (!dryRun)
        {
            foreach (var name in mine.Concat(expired))
            {
                var deleted = await git.RunAsync(repository, ["update-ref", "-d", name], cancellationToken).ConfigureAwait(false);
                if (!deleted.Succeeded)
                {
                    problems.Add($"could not delete {name}: {deleted.Message}");
                }
            }
        }

        return new SnapshotCleanup(mine, expired, lines.Length, problems);
    }
}
