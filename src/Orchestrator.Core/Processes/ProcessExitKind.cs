namespace Orchestrator.Core.Processes;

/// <summary>How a child process ended. A timeout is told apart from a cancellation by the caller.</summary>
public enum ProcessExitKind
{
    Exited,
    TimedOut,
    Cancelled,
    FailedToStart,
}
