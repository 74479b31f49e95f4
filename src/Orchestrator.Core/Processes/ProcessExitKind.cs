namespace Orchestrator.Core.Processes;

/// <summary>How a child process ended. A timeout is told apart from a cancellation by the caller.</summary>
public enum ProcessExitKind
{
    Exited,
    TimedOut,
    Cancelled,
    FailedToStart,

    /// <summary>No stdout line for <see cref="ProcessSpec.IdleTimeout"/>: the tree was stopped.</summary>
    Stalled,

    /// <summary>The <see cref="ProcessSpec.OutputWatcher"/> asked to stop (its reason is the failure message).</summary>
    StoppedByWatcher,
}
