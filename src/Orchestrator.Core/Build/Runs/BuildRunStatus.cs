namespace Orchestrator.Core.Build.Runs;

/// <summary>Where a run stands, as result.json and the journal record it (camelCase there, like every enum of the result; the tools say <see cref="RunStatus"/>). A journal without a terminal event folds to Running; the host reports it as interrupted when no loop is live.</summary>
public enum BuildRunStatus
{
    Running,

    /// <summary>The loop ran to its end and every chunk is done (<see cref="Verification.ChunkVerdictRule"/>).</summary>
    Completed,

    /// <summary>The run could not proceed (e.g. the plan is invalid), or it ran to its end and no chunk got anywhere.</summary>
    Failed,

    /// <summary>Cancelled by the caller; resumable.</summary>
    Cancelled,

    /// <summary>The loop ran to its end, some chunks done and others failed, partial or not started.</summary>
    CompletedWithFailures,

    /// <summary>Dispatching stopped for an infrastructure reason (rate or usage limit, auth, network); resumable.</summary>
    Paused,
}
