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

    /// <summary>
    /// The infrastructure failed (rate or usage limit, auth, network, CLI missing): not the agent's attempt, so it
    /// consumes no attempt, bumps no tier, pauses the run and is dispatched again on resume.
    /// </summary>
    InfrastructureFailed,
}
