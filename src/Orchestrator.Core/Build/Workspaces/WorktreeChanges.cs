namespace Orchestrator.Core.Build.Workspaces;

/// <summary>
/// What differs in a worktree from its HEAD, from one <c>git status</c> walk: tracked paths changed in the index or
/// the working tree, untracked (not ignored) files, and ignored files and folders. Paths are relative, with '/'; an
/// ignored folder ends in '/'. Enough to commit exactly what <c>add -A</c> would, and to undo everything later
/// without walking the tree again.
/// </summary>
public sealed record WorktreeChanges(IReadOnlyList<string> Tracked, IReadOnlyList<string> Untracked, IReadOnlyList<string> Ignored)
{
    /// <summary>The status command whose output <see cref="Parse"/> reads.</summary>
    public static readonly IReadOnlyList<string> StatusArguments =
        ["status", "--porcelain=v1", "-z", "--no-renames", "--untracked-files=all", "--ignored=matching"];

    /// <summary>Nothing changed.</summary>
    public static readonly WorktreeChanges None = new([], [], []);

    /// <summary>Tracked and untracked paths: what a snapshot of the worktree records.</summary>
    public IEnumerable<string> Recorded => Tracked.Concat(Untracked);

    /// <summary>Reads <c>git status --porcelain=v1 -z --no-renames</c> output (<see cref="StatusArguments"/>).</summary>
    public static WorktreeChanges Parse(string statusOutput)
    {
        ArgumentNullException.ThrowIfNull(statusOutput);
        var tracked = new List<string>();
        var untracked = new List<string>();
        var ignored = new List<string>();
        foreach (var entry in statusOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry.Length < 4)
            {
                continue;
            }

            var path = entry[3..];
            var list = entry[..2] switch
            {
                "??" => untracked,
                "!!" => ignored,
                _ => tracked,
            };
            list.Add(path);
        }

        return new WorktreeChanges(tracked, untracked, ignored);
    }

    /// <summary>These changes without the top-level <paramref name="names"/> (links the orchestrator made) and what lies under them.</summary>
    public WorktreeChanges Without(IReadOnlyCollection<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        bool Kept(string path) => !names.Contains(path.Split('/')[0], StringComparer.Ordinal);
        return new WorktreeChanges(Tracked.Where(Kept).ToList(), Untracked.Where(Kept).ToList(), Ignored.Where(Kept).ToList());
    }
}
