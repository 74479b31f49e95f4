namespace Orchestrator.Testing;

/// <summary>
/// Watches a folder for writes that must not happen: a snapshot of every path under it (with size and write time)
/// taken before an attack, compared after it. Sub-folders the server may legitimately write (the repository itself,
/// the worktrees folder beside it) are left out.
/// </summary>
public sealed class CanaryFolder
{
    private readonly string root;
    private readonly string[] allowed;
    private readonly Dictionary<string, (long Size, DateTime Written)> before;

    private CanaryFolder(string root, string[] allowed)
    {
        this.root = Path.GetFullPath(root);
        this.allowed = allowed.Select(a => Path.TrimEndingDirectorySeparator(Path.GetFullPath(a))).ToArray();
        before = Snapshot();
    }

    /// <summary>Starts watching <paramref name="root"/>, ignoring everything under <paramref name="allowed"/>.</summary>
    public static CanaryFolder Watch(string root, params string[] allowed) => new(root, allowed);

    /// <summary>A canary for a temp repository: its parent folder, the repository and its worktrees folder allowed.</summary>
    public static CanaryFolder Around(TempGitRepository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return new(Path.GetDirectoryName(repository.Root)!, [repository.Root, repository.WorktreesRoot]);
    }

    /// <summary>Every path created, changed or removed since the snapshot; empty when nothing was touched.</summary>
    public IReadOnlyList<string> Changes()
    {
        var after = Snapshot();
        var changed = after.Where(a => !before.TryGetValue(a.Key, out var old) || old != a.Value).Select(a => "written: " + a.Key);
        var removed = before.Keys.Where(k => !after.ContainsKey(k)).Select(k => "removed: " + k);
        return changed.Concat(removed).OrderBy(p => p, StringComparer.Ordinal).ToList();
    }

    private Dictionary<string, (long, DateTime)> Snapshot()
    {
        var entries = new Dictionary<string, (long, DateTime)>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            if (!Directory.Exists(directory))
            {
                continue;
            }

            foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
            {
                if (allowed.Contains(entry.FullName, StringComparer.Ordinal))
                {
                    continue;
                }

                entries[entry.FullName] = (entry is FileInfo file && file.LinkTarget is null ? file.Length : -1, entry.LastWriteTimeUtc);
                if (entry is DirectoryInfo && entry.LinkTarget is null)
                {
                    pending.Push(entry.FullName);
                }
            }
        }

        return entries;
    }
}
