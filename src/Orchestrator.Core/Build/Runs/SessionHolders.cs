using Orchestrator.Core.Common;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// Who else is at work on a session, across processes: another live process holding its lock (another client's
/// server, or the worker of one of its runs), or a live process executing one of its runs (holding that run's lock,
/// e.g. a worker its server has just handed the session to, which takes the session a moment later). Either makes a
/// new build of the session a second one: build_start and build_resume refuse it.
/// </summary>
internal static class SessionHolders
{
    /// <summary>A refusal when another live process holds the session, before anything is written.</summary>
    public static OrchestratorError? HeldElsewhere(SessionLockManager locks, ProjectContext project, string sessionId, string action)
    {
        var owner = locks.FindLiveOwner(new SessionStore(project.SessionsDirectory).SessionDirectory(sessionId));
        if (owner is null || (owner.Pid == Environment.ProcessId && string.Equals(owner.Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        return new OrchestratorError(ErrorCode.SessionLocked,
            $"Cannot {action}: session '{sessionId}' is in use by {owner.Holder ?? "another orchestrator process"} (pid {owner.Pid} on {owner.Host}, since {owner.AcquiredAt:u}). " +
            (owner.Holder is null
                ? "One client drives a session at a time: continue from the client that started it (its server releases the session when it exits)."
                : "Follow that run with build_status (session_status lists it); the session is free again when it ends."));
    }

    /// <summary>
    /// A refusal when a live process executes a run of <paramref name="state"/> other than <paramref name="except"/>.
    /// Checked while the session's lock is held (inside the session update), where it is exact: a server hands the
    /// session over only once the worker holds the run's lock, so a run being handed over is always seen here.
    /// </summary>
    public static OrchestratorError? RunExecuting(ProjectContext project, SessionState state, string? except, string action, TimeProvider timeProvider)
    {
        foreach (var runId in state.Runs.Where(r => r != except))
        {
            if (RunIds.TryDirectoryOf(project, runId) is { } directory && RunLocks.LiveOwner(directory, timeProvider) is { } owner)
            {
                return new OrchestratorError(ErrorCode.Conflict,
                    $"Cannot {action}: build run '{runId}' of session '{state.Session}' is still running ({owner.Holder ?? "another process"}, pid {owner.Pid} on {owner.Host}). " +
                    "Wait for it (build_status) or stop it with build_cancel first.");
            }
        }

        return null;
    }
}
