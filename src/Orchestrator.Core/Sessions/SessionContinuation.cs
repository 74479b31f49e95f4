namespace Orchestrator.Core.Sessions;

/// <summary>
/// Where a resumed session continues (the source's Phase 0 choices: from plan, from divide, from review): the next
/// tool call, read from its phase and gates.
/// </summary>
public static class SessionContinuation
{
    public static string NextStep(SessionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var gates = state.Gates;
        return state.Phase switch
        {
            SessionPhase.Started => "spec",
            SessionPhase.Spec => "plan",
            SessionPhase.Plan when gates.Plan.Status == GateState.Open => "approve (gate: plan)",
            SessionPhase.Plan when gates.Plan.Status == GateState.Approved => "divide",
            SessionPhase.Plan => "plan (with the user's feedback)",
            SessionPhase.Divide when gates.Build.Status == GateState.Open => "approve (gate: build)",
            SessionPhase.Divide when gates.Build.Status == GateState.Approved => "build_start",
            SessionPhase.Divide => "divide",
            SessionPhase.Build => "build_status (build_resume if its run was interrupted)",
            SessionPhase.Review when gates.Failures.Status == GateState.Open => "approve (gate: failures)",
            SessionPhase.Review when gates.Concerns.Status == GateState.Open => "approve (gate: concerns)",
            SessionPhase.Review => "close",
            _ => "session_status",
        };
    }
}
