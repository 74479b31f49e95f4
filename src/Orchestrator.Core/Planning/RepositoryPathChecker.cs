namespace Orchestrator.Core.Planning;

/// <summary>
/// Decides whether a declared file path stays inside the repository: relative, no ".." above the root, and no
/// symlink on the way that points outside. Symlinks are resolved against the repository on disk because a purely
/// lexical check lets "docs/link/x" write anywhere the link points.
/// </summary>
public static class RepositoryPathChecker
{
    /// <summary>Checks <paramref name="path"/>; <paramref name="repositoryRoot"/> null means lexical checks only.</summary>
    public static RepositoryPathVerdict Check(string? path, string? repositoryRoot)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return new RepositoryPathVerdict(null, ChunkPlanProblemKind.EmptyFilePath, null);
        }

        var unified = path.Trim().Replace('\\', '/');
        if (unified.StartsWith('/') || Path.IsPathRooted(unified) || IsDriveQualified(unified) || unified.StartsWith('~'))
        {
            return new RepositoryPathVerdict(null, ChunkPlanProblemKind.AbsolutePath, null);
        }

        var segments = new List<string>();
        foreach (var segment in unified.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count == 0)
                {
                    return new RepositoryPathVerdict(null, ChunkPlanProblemKind.PathEscapesRepository, "\"..\" leaves the repository root");
                }

                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(segment);
        }

        if (segments.Count == 0)
        {
            return new RepositoryPathVerdict(null, ChunkPlanProblemKind.EmptyFilePath, null);
        }

        var normalized = string.Join('/', segments);
        if (repositoryRoot is null || !Directory.Exists(repositoryRoot))
        {
            return new RepositoryPathVerdict(normalized, null, null);
        }

        var symlinkEscape = FindSymlinkEscape(segments, repositoryRoot);
        return symlinkEscape is null
            ? new RepositoryPathVerdict(normalized, null, null)
            : new RepositoryPathVerdict(null, ChunkPlanProblemKind.PathEscapesRepository, symlinkEscape);
    }

    private static bool IsDriveQualified(string path) =>
        path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':';

    private static string? FindSymlinkEscape(List<string> segments, string repositoryRoot)
    {
        var root = RealPath(Path.GetFullPath(repositoryRoot));
        var current = root;
        var walked = new List<string>();
        foreach (var segment in segments)
        {
            walked.Add(segment);
            var next = Path.Combine(current, segment);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (!info.Exists && info.LinkTarget is null)
            {
                // The rest does not exist yet (a file the chunk will create): nothing on disk can redirect it.
                return null;
            }

            if (info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true);
                var targetPath = target is null
                    ? Path.GetFullPath(info.LinkTarget, current)
                    : Path.GetFullPath(target.FullName);
                targetPath = RealPath(targetPath);
                if (!IsInside(targetPath, root))
                {
                    return $"\"{string.Join('/', walked)}\" is a symlink to {targetPath}, outside the repository";
                }

                current = targetPath;
                continue;
            }

            current = next;
        }

        return null;
    }

    private static string RealPath(string fullPath)
    {
        // Resolve symlinked ancestors (e.g. /tmp -> /private/tmp) so prefix comparison is between real paths.
        var trimmed = Path.TrimEndingDirectorySeparator(fullPath);
        var rootOfPath = Path.GetPathRoot(trimmed) ?? string.Empty;
        var parts = trimmed[rootOfPath.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var current = rootOfPath;
        foreach (var part in parts)
        {
            var next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true);
                next = target is null ? Path.GetFullPath(info.LinkTarget, current) : Path.GetFullPath(target.FullName);
            }

            current = next;
        }

        return Path.TrimEndingDirectorySeparator(current);
    }

    private static bool IsInside(string path, string root) =>
        path.Equals(root, StringComparison.Ordinal)
        || path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
