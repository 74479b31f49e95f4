using Orchestrator.Core.Build;
using Orchestrator.Core.Common;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Planning;

/// <summary>Refusals shared by the phases: a closed session, or a build still running for it.</summary>
internal static class SessionPhaseGuard
{
    public static OrchestratorError? CheckWritable(SessionState state, BuildRunRegistry runs, string action)
    {
        if (state.Status == SessionStatus.Completed || state.Phase == SessionPhase.Closed)
        {
            return new OrchestratorError(ErrorCode.InvalidArgument,
                $"Cannot {action}: session '{state.Session}' is closed. Start a new session with session_start.");
        }

        if (runs.RunningFor(state.Session) is { } running)
        {
            return new OrchestratorError(ErrorCode.Conflict,
                $"Cannot {action}: build run '{running.Handle.RunId}' of session '{state.Session}' is still running. Wait for it (build_status) or stop it with build_cancel first.");
        }

        return null;
    }
}
