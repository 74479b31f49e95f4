namespace Orchestrator.Core.Sessions;

/// <summary>Creates <c>.orchestrator/</c> in the main tree and keeps it out of git through <c>.git/info/exclude</c>.</summary>
public static class OrchestratorDirectory
{
    private const string ExcludeLine = "/.orchestrator/";

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
