using Orchestrator.Core.Common;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Build.Runs;

/// <summary>Finds a run's directory for the launcher and the reader, with the one message for a run that is not there.</summary>
internal static class RunLocator
{
    /// <summary>The run's directory in <paramref name="project"/>; null <paramref name="project"/>: no repository to look in.</summary>
    public static Outcome<string> Locate(ProjectContext? project, string runId)
    {
        if (project is null || !RunIds.IsWellFormed(runId) || !Directory.Exists(RunIds.DirectoryOf(project, runId)))
        {
            return Outcome<string>.Failure(ErrorCode.UnknownRun, UnknownRunMessage(runId, project));
        }

        return Outcome<string>.Success(RunIds.DirectoryOf(project, runId));
    }

    private static string UnknownRunMessage(string runId, ProjectContext? project) =>
        $"No run '{InputEcho.Truncate(runId)}' (run_id){(project is null ? "" : $" in {RunIds.RunsDirectory(project)}")}. Check the id: session_status lists a session's runs (pass project_root if the run belongs to another repository).";
}
