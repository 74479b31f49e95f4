using Orchestrator.Core.Common;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Build.Runs;

/// <summary>The launcher's in-process execution (the host runner, or a server whose run environment was replaced in code).</summary>
public sealed partial class BuildRunLauncher
{
    /// <summary>
    /// Executes a run in this process (the host runner, or a server whose run environment was replaced in code): it
    /// holds the run lock like a worker, so every server sees the run as executing until it has settled.
    /// </summary>
    private async Task<Outcome<StartedRun>> TrackAsync(Func<BuildRunHandle> start, ProjectContext project, string sessionId, string runDirectory, CancellationToken cancellationToken)
    {
        var runLocks = RunLocks.CreateManager(timeProvider, $"the server executing build run {Path.GetFileName(runDirectory)} in process");
        var runLock = await runLocks.AcquireAsync(runDirectory, cancellationToken).ConfigureAwait(false);
        if (!runLock.Succeeded)
        {
            await runLocks.DisposeAsync().ConfigureAwait(false);
            return Outcome<StartedRun>.Failure(ErrorCode.Conflict, $"Run '{Path.GetFileName(runDirectory)}' is executed by another process: {runLock.Error.Message}");
        }

        var handle = start();
        var settled = SettleAsync(handle, project, sessionId, runLocks);
        registry.Add(new LiveRun(handle, project, sessionId, settled));
        return Outcome<StartedRun>.Success(new StartedRun(handle.RunId, runDirectory, Detached: false));
    }

    private async Task SettleAsync(BuildRunHandle handle, ProjectContext project, string sessionId, SessionLockManager runLocks)
    {
        try
        {
            var result = await handle.Completion.ConfigureAwait(false);
            await settler.SettleAsync(project, sessionId, result).ConfigureAwait(false);
        }
        finally
        {
            await runLocks.DisposeAsync().ConfigureAwait(false);
        }
    }
}
