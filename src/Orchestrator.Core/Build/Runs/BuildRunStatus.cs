namespace Orchestrator.Core.Build.Runs;

/// <summary>Where a run stands. A journal without a terminal event folds to Running; the host reports it as interrupted when no loop is live.</summary>
public enum BuildRunStatus
{
    Running,

    /// <summary>The loop ran to its end (chunks may still have failed: see perChunk and unresolvedBlockers).</summary>
    Completed,

    /// <summary>The run could not proceed (e.g. the plan is invalid).</summary>
    Failed,

    /// <summary>Cancelled by the caller; resumable.</summary>
    Cancelled,
}
