using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Common;
using Orchestrator.Core.Sessions;
using Orchestrator.McpServer.Hosting;

namespace Orchestrator.McpServer.Dashboard;

/// <summary>
/// The repository the dashboard shows: the server's <c>--project</c> (else its working directory). Located once it
/// is a usable git repository; until then every call retries, so creating the repository later works.
/// </summary>
internal sealed class DashboardProject(ServerSettings settings, SessionService sessions, BuildRunRegistry runs)
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
    /// Whether a run whose journal has no end is still being executed: by this server (its registry), or by another
    /// live server that holds the run's session (e.g. a stdio server in the same repository). Otherwise it was
    /// interrupted, as build_status reports it.
    /// </summary>
    public bool IsRunLive(ProjectContext project, string runId, string? sessionId) =>
        runs.Find(runId) is { } live
            ? !live.Settled.IsCompleted
            : sessionId is not null && sessions.LiveOwner(project, sessionId) is { } owner && owner.Pid != Environment.ProcessId;
}
