namespace Orchestrator.Core.Build.Attempts;

/// <summary>How one agent attempt ended, seen from the engine.</summary>
public enum AttemptOutcome
{
    /// <summary>Executor done (and its workspace accepted), or reviewer answered validly.</summary>
    Succeeded,

    /// <summary>Executor answered status "blocked".</summary>
    Blocked,

    /// <summary>The runner failed, the answer was invalid, or the workspace rejected the change.</summary>
    Failed,

    /// <summary>The job timeout elapsed (told apart from a cancellation).</summary>
    TimedOut,

    /// <summary>The run was cancelled while the attempt ran; re-run on resume.</summary>
    Cancelled,
}
