using Orchestrator.Core.Common;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Planning;

/// <summary>Refusals shared by the phases: a closed session, or a build still running for it.</summary>
internal static class SessionPhaseGuard
{
    /// <summary>Loads the session a phase is about to change, refusing a missing, closed or building session.</summary>
    public static async Task<Outcome<SessionState>> LoadWritableAsync(SessionStore store, string sessionId, ISessionActivity activity, string action, CancellationToken cancellationToken)
    {
        var loaded = await store.LoadAsync(sessionId, cancellationToken).ConfigureAwait(false);
        if (!loaded.Succeeded)
        {
            return loaded.Error;
        }

        return CheckWritable(loaded.Value, activity, action) is { } refused ? refused : loaded;
    }

    public static OrchestratorError? CheckWritable(SessionState state, ISessionActivity activity, string action)
    {
        if (state.Status is SessionStatus.Completed or SessionStatus.Abandoned || state.Phase == SessionPhase.Closed)
        {
            return new OrchestratorError(ErrorCode.InvalidArgument,
                $"Cannot {action}: session '{state.Session}' is closed. Start a new session with session_start.");
        }

        if (activity.RunningBuildOf(state.Session) is { } running)
        {
            return new OrchestratorError(ErrorCode.Conflict,
                $"Cannot {action}: build run '{running}' of session '{state.Session}' is still running. Wait for it (build_status) or stop it with build_cancel first.");
        }

        return null;
    }
}
