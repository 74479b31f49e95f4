namespace Orchestrator.Core.Common;

/// <summary>
/// Real paths and confinement: a path built from safe names can still leave its folder when a folder on the way is a
/// symbolic link, so before the server writes or serves a derived path it resolves the real path of the deepest
/// ancestor that exists and checks that it lies inside the real path of the folder it belongs to.
/// </summary>
public static class RealPaths
{
    // Linux's own limit on links followed while resolving one path.
    private const int MaxLinkHops = 40;

    /// <summary>
    /// The real path of <paramref name="path"/>: every symbolic link on the way resolved; the part that does not exist
    /// yet is appended unchanged (nothing on disk can redirect it).
    /// </summary>
    public static string Resolve(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var missing = new Stack<string>();
        var existing = full;
        while (!Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            missing.Push(Path.GetFileName(existing));
            existing = parent;
        }

        var real = ResolveExisting(existing, 0);
        while (missing.Count > 0)
        {
            real = Path.Combine(real, missing.Pop());
        }

        return real;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or inside it, compared as written (no link resolution).</summary>
    public static bool IsInsideLexically(string path, string folder)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        return full.Equals(root, StringComparison.Ordinal) || full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    /// <summary>
    /// Null when <paramref name="path"/> stays inside <paramref name="folder"/> both as written and after resolving
    /// symbolic links; else why not.
    /// </summary>
    public static string? ConfinementProblem(string folder, string path)
    {
        if (!IsInsideLexically(path, folder))
        {
            return $"{InputEcho.Quote(path)} is not inside {folder}";
        }

        var realFolder = Resolve(folder);
        var realPath = Resolve(path);
        return IsInsideLexically(realPath, realFolder)
            ? null
            : $"{InputEcho.Quote(path)} leads to {realPath} through a symbolic link, outside {realFolder}";
    }

    /// <summary>
    /// <paramref name="path"/> when it is confined to <paramref name="folder"/>; throws <see cref="PathEscapeException"/>
    /// otherwise. For paths the server derives from ids it has already validated: an escape here is a planted link or
    /// a bug, never normal input, so nothing is written or read.
    /// </summary>
    public static string Confined(string folder, string path) =>
        ConfinementProblem(folder, path) is { } problem
            ? throw new PathEscapeException(
                $"Refused to use a path outside its folder: {problem}. Remove the symbolic link (the server keeps its state in plain folders) and retry.")
            : path;

    /// <summary>True when <paramref name="path"/> itself is a symbolic link (a dangling one included).</summary>
    public static bool IsLink(string path) => new FileInfo(Path.TrimEndingDirectorySeparator(path)).LinkTarget is not null;

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path) || IsLink(path);

    private static string ResolveExisting(string full, int hops)
    {
        var root = Path.GetPathRoot(full) ?? string.Empty;
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            var target = new FileInfo(next).LinkTarget;
            if (target is not null)
            {
                if (hops >= MaxLinkHops)
                {
                    throw new PathEscapeException($"Too many levels of symbolic links at {next}: remove the link loop.");
                }

                // A link's target may itself pass through links: resolve it the same way.
                next = ResolveExisting(Path.TrimEndingDirectorySeparator(Path.GetFullPath(target, current)), hops + 1);
            }

            current = next;
        }

        return Path.TrimEndingDirectorySeparator(current);
    }
}
