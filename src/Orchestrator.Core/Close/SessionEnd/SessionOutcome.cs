namespace Orchestrator.Core.Close.SessionEnd;

/// <summary>How <c>session_end</c> ends a session: its work is done (closed), or it is given up (abandoned).</summary>
public enum SessionOutcome
{
    Abandoned,
    Finished,
}
