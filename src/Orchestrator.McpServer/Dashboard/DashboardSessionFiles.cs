using Orchestrator.Core.Common;
using Orchestrator.Core.Sessions;

namespace Orchestrator.McpServer.Dashboard;

/// <summary>
/// Reads a session's documents for the dashboard: only fixed names inside <c>.orchestrator/sessions/&lt;id&gt;/</c> (a
/// well-formed id), only plain files, and only when the file's real path stays inside the real <c>.orchestrator</c>
/// folder (a symbolic link anywhere on the way that leads out is refused).
/// </summary>
internal static class DashboardSessionFiles
{
    private const long MaxBytes = 2 * 1024 * 1024;

    public static bool Exists(ProjectContext project, string sessionId) =>
        SessionIds.IsWellFormed(sessionId) && Servable(project, Path.Combine(project.SessionsDirectory, sessionId, SessionStore.StateFileName)) is not null;

    /// <summary>The document's text, or null when it is missing, too large or not servable.</summary>
    public static async Task<string?> ReadAsync(ProjectContext project, string sessionId, string fileName, CancellationToken cancellationToken)
    {
        if (!SessionIds.IsWellFormed(sessionId) || Servable(project, Path.Combine(project.SessionsDirectory, sessionId, fileName)) is not { } path)
        {
            return null;
        }

        return new FileInfo(path).Length > MaxBytes ? null : await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><paramref name="path"/> when it is a plain file whose real path lies inside the project's .orchestrator folder.</summary>
    public static string? Servable(ProjectContext project, string path) =>
        File.Exists(path)
        && new FileInfo(path).LinkTarget is null
        && OrchestratorDirectory.LinkProblem(project.MainWorkTreeRoot) is null
        && RealPaths.ConfinementProblem(project.OrchestratorDirectory, path) is null
            ? path
            : null;
}
