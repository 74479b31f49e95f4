using Orchestrator.Core.Git;

namespace Orchestrator.Bench;

/// <summary>
/// The CLI way to snapshot a work tree that <c>WorkingTreeCommitter</c> used before libgit2 took it over (kept here as
/// the benchmark's baseline): copy the index, <c>add -A</c> into it via <c>GIT_INDEX_FILE</c>, <c>write-tree</c>, <c>commit-tree</c>.
/// </summary>
internal static class CliSnapshot
{
    private static readonly IReadOnlyDictionary<string, string?> Identity = new Dictionary<string, string?>
    {
        ["GIT_AUTHOR_NAME"] = "orchestrator",
        ["GIT_AUTHOR_EMAIL"] = "orchestrator@localhost",
        ["GIT_COMMITTER_NAME"] = "orchestrator",
        ["GIT_COMMITTER_EMAIL"] = "orchestrator@localhost",
    };

    public static async Task<string> CommitAsync(IGit git, string tree, string message, CancellationToken cancellationToken)
    {
        var parent = (await git.RunAsync(tree, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], cancellationToken)).StandardOutput.Trim();
        var indexFile = Path.Combine(Path.GetTempPath(), $"so-index-{Guid.NewGuid():N}");
        try
        {
            var ownIndex = await git.RunAsync(tree, ["rev-parse", "--path-format=absolute", "--git-path", "index"], cancellationToken);
            File.Copy(ownIndex.StandardOutput.Trim(), indexFile);
            var environment = new Dictionary<string, string?>(Identity) { ["GIT_INDEX_FILE"] = indexFile };
            GitCommandException.ThrowIfFailed(await git.RunAsync(tree, ["add", "-A", "--", "."], environment, cancellationToken), "git add -A");
            var treeId = GitCommandException.ThrowIfFailed(await git.RunAsync(tree, ["write-tree"], environment, cancellationToken), "git write-tree").StandardOutput.Trim();
            return GitCommandException.ThrowIfFailed(await git.RunAsync(tree, ["commit-tree", treeId, "-p", parent, "-m", message], environment, cancellationToken), "git commit-tree").StandardOutput.Trim();
        }
        finally
        {
            File.Delete(indexFile);
        }
    }
}
