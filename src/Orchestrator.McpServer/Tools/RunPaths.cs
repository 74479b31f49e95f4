using Orchestrator.Core.Sessions;

namespace Orchestrator.McpServer.Tools;

/// <summary>Where a run lives: <c>.orchestrator/runs/&lt;run_id&gt;</c> in the repository's main tree.</summary>
internal static class RunPaths
{
    /// <summary>The runs folder of <paramref name="project"/>.</summary>
    public static string RunsDirectory(ProjectContext project) => Path.Combine(project.OrchestratorDirectory, "runs");

    /// <summary>The run's directory, or null when <paramref name="runId"/> could not be a run id (it would leave the runs folder).</summary>
    public static string? DirectoryFor(ProjectContext project, string runId) =>
        IsWellFormed(runId) ? Path.Combine(RunsDirectory(project), runId) : null;

    /// <summary>Run ids are single path segments of letters, digits, '.', '_', ':' and '-'.</summary>
    public static bool IsWellFormed(string? runId) =>
        !string.IsNullOrWhiteSpace(runId) && runId.Length <= 200 && runId is not ("." or "..")
        && runId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':');
}
