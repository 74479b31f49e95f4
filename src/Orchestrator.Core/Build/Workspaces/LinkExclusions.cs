using Orchestrator.Core.Git;

namespace Orchestrator.Core.Build.Workspaces;

/// <summary>
/// The pathspecs that keep the orchestrator's top-level links (dependency folders) out of a whole-tree
/// <c>git add -A</c>: one <c>:(exclude,top)</c> per link git does not ignore already. An ignored link needs none
/// (<c>add -A</c> skips it), and naming it fails the add: git 2.39 exits 1 with "The following paths are ignored"
/// when an exclude pathspec matches an ignored path, which is the usual case (a <c>.gitignore</c> line
/// <c>node_modules</c>, or the <c>/node_modules</c> line session worktrees get in <c>info/exclude</c>).
/// </summary>
internal static class LinkExclusions
{
    public static async Task<IReadOnlyList<string>> PathspecsAsync(IGit git, string tree, IReadOnlyList<string> links, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(links);
        if (links.Count == 0)
        {
            return [];
        }

        // One process for all of them: check-ignore prints the ignored ones, a line each (exit 1 when none is, 128 on
        // an error, when every link keeps its pathspec as before).
        var ignored = await git.RunAsync(tree, ["check-ignore", "--", .. links], cancellationToken).ConfigureAwait(false);
        var skip = ignored.ExitCode == 0
            ? ignored.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal)
            : [];
        return links.Where(link => !skip.Contains(link)).Select(link => ":(exclude,top)" + link).ToList();
    }
}
