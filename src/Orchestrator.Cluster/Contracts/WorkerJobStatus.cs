namespace Orchestrator.Cluster.Contracts;

/// <summary>A job's state on a worker.</summary>
[GenerateSerializer]
public enum WorkerJobStatus
{
    Running,
    Finished,

    /// <summary>The worker does not know the job (it restarted): the coordinator places it again.</summary>
    Unknown,
}
