namespace Orchestrator.Core.Agents;

/// <summary>How an agent job ended, seen from the runner.</summary>
public enum AgentOutcomeStatus
{
    /// <summary>The agent finished; <see cref="AgentOutcome.StructuredOutput"/> holds what it returned (still to be validated).</summary>
    Completed,

    /// <summary>The agent or its process failed; <see cref="AgentOutcome.FailureReason"/> says why.</summary>
    Failed,

    /// <summary>The job's timeout elapsed.</summary>
    TimedOut,

    /// <summary>The caller cancelled the job.</summary>
    Cancelled,

    /// <summary>The agent's event stream went silent for the stall timeout (told apart from the job's total timeout).</summary>
    Stalled,

    /// <summary>The agent repeated the same tool call with the same input, or hit the turn limit: it was stopped.</summary>
    Spiral,
}
