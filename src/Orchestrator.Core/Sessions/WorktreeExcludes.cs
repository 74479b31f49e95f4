namespace Orchestrator.Core.Sessions;

/// <summary>
/// Keeps the dependency folders the server symlinks into its worktrees out of <c>git status</c>. A <c>.gitignore</c>
/// line such as <c>node_modules/</c> matches directories only, and git sees a symlink as a file, so the link shows as
/// untracked. Linked worktrees read the exclude file of the common git directory (a per-worktree
/// <c>info/exclude</c> is never read), so the anchored, slash-less paths go there; they change nothing in other trees,
/// where those folders are ignored already (only ignored folders are linked).
/// </summary>
public static class WorktreeExcludes
{
    private const string Header = "# orchestrator-mcp: dependency folders symlinked into its worktrees";

    /// <returns>The lines added (none when every folder was listed already).</returns>
    public static async Task<IReadOnlyList<string>> AddAsync(string commonGitDirectory, IEnumerable<string> linkedFolders, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(linkedFolders);
        var exclude = Path.Combine(commonGitDirectory, "info", "exclude");
        Directory.CreateDirectory(Path.GetDirectoryName(exclude)!);
        var existing = File.Exists(exclude) ? await File.ReadAllTextAsync(exclude, cancellationToken).ConfigureAwait(false) : "";
        var present = existing.Split('\n').Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        var added = linkedFolders
            .Select(f => "/" + f.Replace('\\', '/').Trim('/'))
            .Distinct(StringComparer.Ordinal)
            .Where(line => !present.Contains(line))
            .ToList();
        if (added.Count == 0)
        {
            return added;
        }

        var text = new System.Text.StringBuilder();
        if (existing.Length > 0 && !existing.EndsWith('\n'))
        {
            text.Append('\n');
        }

        if (!present.Contains(Header))
        {
            text.Append(Header).Append('\n');
        }

        foreach (var line in added)
        {
            text.Append(line).Append('\n');
        }

        // Append, never rewrite: the user's own lines stay exactly as they are.
        await File.AppendAllTextAsync(exclude, text.ToString(), cancellationToken).ConfigureAwait(false);
        return added;
    }
}
