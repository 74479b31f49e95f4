namespace Orchestrator.Cluster.Contracts;

/// <summary>
/// A worker's door: one grain per worker silo, keyed by that silo's address and always activated on it
/// (<see cref="Placement.WorkerPlacementAttribute"/>). Every call is short; agent jobs run beside the grain and are
/// followed by polling, so a worker that dies is noticed through membership, not through a call that never returns.
/// </summary>
public interface IWorkerGrain : IGrainWithStringKey
{
    /// <summary>The worker's capacity, load, runners and labels.</summary>
    Task<WorkerDescription> DescribeAsync();

    /// <summary>Starts <paramref name="job"/> if there is free capacity and its runner is here; starting the same job id again is a no-op.</summary>
    Task<JobAcceptance> StartAsync(WorkerJob job);

    /// <summary>Where job <paramref name="jobId"/> stands; a finished job's result is kept until <see cref="ForgetAsync"/>.</summary>
    Task<WorkerJobState> PollAsync(string jobId);

    /// <summary>Stops job <paramref name="jobId"/> (its agent process tree is killed).</summary>
    Task CancelAsync(string jobId);

    /// <summary>The coordinator has the result: the worker may drop it.</summary>
    Task ForgetAsync(string jobId);
}
