using Orchestrator.Core.Common;

namespace Orchestrator.Core.Sessions;

/// <summary>
/// "No phase advances past an open gate": the refusal when a gate is not approved, naming the gate, its state and
/// how to open it.
/// </summary>
public static class GateGuard
{
    /// <summary>Null when <paramref name="gate"/> is approved, else the error explaining how to get it approved.</summary>
    public static OrchestratorError? RequireApproved(SessionState state, string gate, string action)
    {
        ArgumentNullException.ThrowIfNull(state);
        var current = GateNames.Of(state.Gates, gate);
        if (current.Status == GateState.Approved)
        {
            return null;
        }

        var (producer, shown) = gate == GateNames.Plan
            ? ("plan", "the plan")
            : ("divide", "the chunk plan (chunks, tiers, order)");
        var how = current.Status switch
        {
            GateState.NotOpened => $"It has not been opened yet: call {producer} first (it opens the gate), show the user {shown}, then call approve(gate: \"{gate}\", decision: \"approve\") once they agree.",
            GateState.Open => $"It is open and waiting for the user: show them {shown} and call approve(gate: \"{gate}\", decision: \"approve\") once they agree.",
            _ => $"It was {current.Decision ?? "declined"}{(current.Note is null ? "" : $" (note: {current.Note})")}: call {producer} again{(current.Decision == GateNames.Refine ? " with the user's feedback" : "")}, then ask the user to approve.",
        };
        return new OrchestratorError(ErrorCode.GateNotApproved, $"Cannot {action}: the {gate} gate of session '{state.Session}' is {current.Status}, not approved. {how}");
    }
}
