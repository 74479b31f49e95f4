using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Close.Publishing;

/// <summary>
/// The publish gate's rule: a close that would commit or push (not a dry run) needs the gate approved for exactly the
/// preview it would publish now. An approval of another gate, or of an earlier preview, never counts.
/// </summary>
public static class PublishGate
{
    public static bool IsNeeded(CloseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return !request.DryRun && (request.Commit || request.Push);
    }

    public static bool Approves(SessionState state, PublishPreview preview)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(preview);
        return state.Gates.Publish.Status == GateState.Approved && state.Gates.Publish.Subject == preview.Digest;
    }

    /// <summary>The state with the publish gate open for <paramref name="preview"/> (unchanged when it already is).</summary>
    public static SessionState Open(SessionState state, PublishPreview preview)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(preview);
        return state.Gates.Publish.Status == GateState.Open && state.Gates.Publish.Subject == preview.Digest
            ? state
            : state with { Gates = state.Gates with { Publish = new GateState(GateState.Open, Subject: preview.Digest) } };
    }
}
