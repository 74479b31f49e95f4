using Orchestrator.Core.Common;

namespace Orchestrator.Core.Sessions;

/// <summary>Creates <c>.orchestrator/</c> in the main tree and keeps it out of git through <c>.git/info/exclude</c>.</summary>
public static class OrchestratorDirectory
{
    private const string ExcludeLine = "/.orchestrator/";

    // The folders the server writes under .orchestrator/; none of them may be a link either.
    private static readonly string[] StateFolders = ["sessions", "runs", "metrics", "issues"];

    /// <summary>
    /// Null when the state folder is safe to use; else the refusal. A committed <c>.orchestrator</c> symlink (or one
    /// of its folders as a link) would redirect every state write outside the repository, so the server never
    /// follows one.
    /// </summary>
    public static string? LinkProblem(string mainWorkTreeRoot)
    {
        var directory = Path.Combine(mainWorkTreeRoot, ".orchestrator");
        if (RealPaths.IsLink(directory))
        {
            return $"{directory} is a symbolic link (to {new FileInfo(directory).LinkTarget}); the server keeps its state only in a plain " +
                ".orchestrator folder of the repository. Remove the link (and `git rm --cached .orchestrator` if it is committed), then retry.";
        }

        foreach (var folder in StateFolders)
        {
            var path = Path.Combine(directory, folder);
            if (RealPaths.IsLink(path))
            {
                return $"{path} is a symbolic link (to {new FileInfo(path).LinkTarget}); the server never writes its state through links. " +
                    "Remove the link (move its contents into a plain folder), then retry.";
            }
        }

        return null;
    }

    public static async Task EnsureAsync(ProjectContext project, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(project.SessionsDirectory);
        var exclude = Path.Combine(project.CommonGitDirectory, "info", "exclude");
        Directory.CreateDirectory(Path.GetDirectoryName(exclude)!);
        var existing = File.Exists(exclude) ? await File.ReadAllTextAsync(exclude, cancellationToken).ConfigureAwait(false) : "";
        var lines = existing.Split('\n').Select(l => l.Trim());
        if (lines.Any(l => l is ExcludeLine or ".orchestrator/" or ".orchestrator" or "/.orchestrator"))
        {
            return;
        }

        var prefix = existing.Length > 0 && !existing.EndsWith('\n') ? "\n" : "";
        // Append, not rewrite: the user's own exclude lines must stay exactly as they are.
        await File.AppendAllTextAsync(exclude, $"{prefix}# orchestrator-mcp state (sessions, runs, logs)\n{ExcludeLine}\n", cancellationToken).ConfigureAwait(false);
    }
}
