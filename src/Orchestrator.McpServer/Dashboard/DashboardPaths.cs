using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Common;
using Orchestrator.Core.Sessions;

namespace Orchestrator.McpServer.Dashboard;

/// <summary>
/// Maps names from URLs to files under <c>.orchestrator/runs</c>, refusing anything that could leave a run's folder:
/// separators, <c>..</c>, hidden names and symbolic links. A file is served only when its real path (every link on
/// the way resolved: a symlinked <c>.orchestrator</c>, <c>runs/</c>, run folder or <c>logs/</c> included) lies inside
/// the real path of the folder it belongs to. Checked on every request: the project is located once, but links can
/// appear later.
/// </summary>
internal static class DashboardPaths
{
    /// <summary>The run's folder, or null when <paramref name="runId"/> is not a plain name of an existing run.</summary>
    public static string? RunDirectory(ProjectContext project, string runId)
    {
        if (!RunIds.IsWellFormed(runId))
        {
            return null;
        }

        var directory = Path.Combine(RunIds.RunsDirectory(project), runId);
        return Directory.Exists(directory)
            && new DirectoryInfo(directory).LinkTarget is null
            && OrchestratorDirectory.LinkProblem(project.MainWorkTreeRoot) is null
            && RealPaths.ConfinementProblem(project.OrchestratorDirectory, directory) is null
                ? directory
                : null;
    }

    /// <summary>A log file of the run, or null when the name is not a plain file name inside <c>logs/</c>.</summary>
    public static string? LogFile(string runDirectory, string fileName)
    {
        if (!IsPlainName(fileName))
        {
            return null;
        }

        var logs = Path.GetFullPath(Path.Combine(runDirectory, "logs")) + Path.DirectorySeparatorChar;
        var path = Path.GetFullPath(Path.Combine(logs, fileName));
        if (!path.StartsWith(logs, StringComparison.Ordinal) || !File.Exists(path))
        {
            return null;
        }

        // A link could point anywhere on the machine; agents write plain files (and logs/ is a plain folder).
        return new FileInfo(path).LinkTarget is null && RealPaths.ConfinementProblem(runDirectory, path) is null ? path : null;
    }

    public static string ResultFile(string runDirectory) => Path.Combine(runDirectory, RunJournal.ResultFileName);

    /// <summary>The run's result.json when it exists as a plain file inside the run's folder; else null.</summary>
    public static string? ServableResultFile(string runDirectory)
    {
        var path = ResultFile(runDirectory);
        return File.Exists(path) && new FileInfo(path).LinkTarget is null && RealPaths.ConfinementProblem(runDirectory, path) is null ? path : null;
    }

    /// <summary>The log's file name when <paramref name="logPath"/> lies directly in the run's logs folder.</summary>
    public static string? LogName(string runDirectory, string? logPath)
    {
        if (string.IsNullOrEmpty(logPath))
        {
            return null;
        }

        var logs = Path.GetFullPath(Path.Combine(runDirectory, "logs"));
        var full = Path.GetFullPath(logPath);
        return string.Equals(Path.GetDirectoryName(full), logs, StringComparison.Ordinal) ? Path.GetFileName(full) : null;
    }

    private static bool IsPlainName(string name) =>
        !string.IsNullOrWhiteSpace(name)
        && name.Length <= 200
        && !name.StartsWith('.')
        && name.IndexOfAny(['/', '\\', '\0']) < 0
        && name.IndexOfAny(Path.GetInvalidFileNameChars()) < 0;
}
