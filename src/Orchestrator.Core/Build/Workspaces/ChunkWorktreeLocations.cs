using Orchestrator.Core.Options;

namespace Orchestrator.Core.Build.Workspaces;

/// <summary>
/// Where per-chunk worktrees live: <c>&lt;worktree root&gt;/.so-chunks/&lt;sessionId&gt;/&lt;runId&gt;/</c>, always
/// outside the repository's own tree (a worktree nested inside it would be picked up by build globs and tools).
/// Each run folder holds an <c>.owner</c> file (pid and start marker) so a janitor can tell a crashed owner from a live one.
/// </summary>
public static class ChunkWorktreeLocations
{
    /// <summary>The folder under the worktree root holding every chunk worktree.</summary>
    public const string FolderName = ".so-chunks";

    /// <summary>The folder beside <see cref="FolderName"/> holding the repository's pooled worktrees.</summary>
    public const string PoolFolderName = ".so-pool";

    /// <summary>The owner file in each run folder.</summary>
    public const string OwnerFileName = ".owner";

    /// <summary>
    /// The root of all chunk worktrees of the repository whose main tree is <paramref name="mainWorkTreeRoot"/>: under
    /// the configured <c>worktree_root</c> when that lies outside the repository, else beside it in <c>&lt;repo&gt;-worktrees</c>.
    /// </summary>
    public static string Root(string mainWorkTreeRoot, OrchestratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var main = Path.TrimEndingDirectorySeparator(Path.GetFullPath(mainWorkTreeRoot));
        var beside = Path.Combine(Path.GetDirectoryName(main) ?? main, Path.GetFileName(main) + "-worktrees");
        var root = string.IsNullOrWhiteSpace(options.WorktreeRoot) ? beside : Path.GetFullPath(Path.Combine(main, options.WorktreeRoot));
        if (IsInside(root, main))
        {
            root = beside;
        }

        return Path.Combine(root, FolderName);
    }

    /// <summary>The folder of the repository's pooled worktrees (<c>slot-N</c>, each with a <c>slot-N.owner</c> file beside it while held).</summary>
    public static string PoolRoot(string mainWorkTreeRoot, OrchestratorOptions options) =>
        Path.Combine(Path.GetDirectoryName(Root(mainWorkTreeRoot, options))!, PoolFolderName);

    /// <summary>The folder of one run's chunk worktrees.</summary>
    public static string RunFolder(string mainWorkTreeRoot, OrchestratorOptions options, string sessionId, string runId) =>
        Path.Combine(Root(mainWorkTreeRoot, options), Safe(sessionId), Safe(runId));

    /// <summary>A file-name-safe form of an id.</summary>
    public static string Safe(string id) =>
        new(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());

    /// <summary>True when <paramref name="path"/> is <paramref name="directory"/> or inside it.</summary>
    public static bool IsInside(string path, string directory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var dir = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        return full == dir || full.StartsWith(dir + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}
