using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Common;
using Orchestrator.Core.Sessions;
using Orchestrator.McpServer.Hosting;

namespace Orchestrator.McpServer.Dashboard;

/// <summary>
/// The repository the dashboard shows: the server's <c>--project</c> (else its working directory). Located once it
/// is a usable git repository; until then every call retries, so creating the repository later works.
/// </summary>
internal sealed class DashboardProject(ServerSettings settings, SessionService sessions, BuildRunRegistry runs, TimeProvider timeProvider)
{
    private ProjectContext? _located;

    public async Task<Outcome<ProjectContext>> LocateAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _located) is { } known)
        {
            return Outcome<ProjectContext>.Success(known);
        }

        var directory = settings.ProjectDirectory ?? Directory.GetCurrentDirectory();
        var outcome = await sessions.LocateAsync(directory, cancellationToken).ConfigureAwait(false);
        if (outcome.Succeeded)
        {
            Volatile.Write(ref _located, outcome.Value);
        }

        return outcome;
    }

    /// <summary>
    /// Whether a run is still being executed: by this server (its registry), or by any live process holding the run's
    /// lock (a detached worker, or another server executing a host-runner run), as build_status decides it.
    /// </summary>
    public bool IsRunLive(ProjectContext project, string runId, string? sessionId) =>
        runs.Find(runId) is { } live
            ? !live.Settled.IsCompleted
            : RunIds.TryDirectoryOf(project, runId) is { } directory && RunLocks.IsExecuted(directory, timeProvider);
}
