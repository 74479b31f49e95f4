namespace Orchestrator.Core.Sessions;

/// <summary>The STATE.md <c>status</c> values of the source workflow.</summary>
public static class SessionStatus
{
    public const string Active = "active";
    public const string Paused = "paused";
    public const string Completed = "completed";
    public const string Idle = "idle";

    /// <summary>Ended by session_end without finishing (its worktree removed); never offered for resuming.</summary>
    public const string Abandoned = "abandoned";

    public static bool IsUnfinished(string status) => status is Active or Paused or Idle;
}
