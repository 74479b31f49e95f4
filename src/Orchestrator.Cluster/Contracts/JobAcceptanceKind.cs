namespace Orchestrator.Cluster.Contracts;

/// <summary>Whether a worker took a job.</summary>
[GenerateSerializer]
public enum JobAcceptanceKind
{
    /// <summary>Running (or was already).</summary>
    Accepted,

    /// <summary>No free slot: try another worker or wait.</summary>
    Busy,

    /// <summary>This worker cannot run the job's runner (its CLI is not on the worker's PATH): try another worker.</summary>
    Unsupported,
}
