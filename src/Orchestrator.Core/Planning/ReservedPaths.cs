namespace Orchestrator.Core.Planning;

/// <summary>
/// Paths no chunk may own: git's own folder (anywhere: a submodule's <c>.git</c> too) and the server's state in
/// <c>.orchestrator/</c>. An agent allowed to write there could rewrite history, hooks or the server's journal.
/// </summary>
internal static class ReservedPaths
{
    /// <summary>Null for an ordinary repository-relative path (normalised, '/'-separated); else why it is refused and the fix.</summary>
    public static string? Problem(string normalizedPath)
    {
        var segments = normalizedPath.Split('/');
        if (segments.Any(s => s.Equals(".git", StringComparison.OrdinalIgnoreCase)))
        {
            return "paths in .git are git's own (history, hooks, config) and never part of a chunk: list only files of the work tree";
        }

        return segments[0].Equals(".orchestrator", StringComparison.OrdinalIgnoreCase)
            ? ".orchestrator/ holds the server's state (sessions, runs, journal) and never part of a chunk: list only files of the project"
            : null;
    }
}
