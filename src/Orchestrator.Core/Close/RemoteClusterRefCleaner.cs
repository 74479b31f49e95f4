using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Git;

namespace Orchestrator.Core.Close;

/// <summary>
/// Deletes the closing session's cluster refs (<c>refs/so-cluster/&lt;session&gt;/...</c>) on the cluster's git remote:
/// each attempt deletes its own when it ends, but a coordinator that died mid-attempt leaves its refs behind. Only
/// that namespace is touched, in one push; the remote's URL is never put in a message (it may carry credentials).
/// </summary>
public sealed class RemoteClusterRefCleaner(IGit git)
{
    /// <returns>The refs deleted on the remote.</returns>
    public async Task<IReadOnlyList<string>> CleanAsync(string repository, string remote, string sessionId, ICollection<string> problems, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var prefix = $"{SnapshotRefCleaner.ClusterNamespace}{ChunkWorktreeLocations.Safe(sessionId)}/";
        var listed = await git.RunAsync(repository, ["ls-remote", "--refs", remote, prefix + "*"], cancellationToken).ConfigureAwait(false);
        if (!listed.Succeeded)
        {
            problems.Add("could not list the session's cluster refs on the cluster's git remote (cluster.git_remote)");
            return [];
        }

        var refs = listed.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t') is [_, var name] ? name.Trim() : "")
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (refs.Count == 0)
        {
            return [];
        }

        var deleted = await git.RunAsync(repository, ["push", "--no-verify", "--quiet", remote, .. refs.Select(name => ":" + name)], cancellationToken).ConfigureAwait(false);
        if (!deleted.Succeeded)
        {
            problems.Add($"could not delete {refs.Count} cluster ref(s) of the session on the cluster's git remote (cluster.git_remote)");
            return [];
        }

        return refs;
    }
}
