using Orchestrator.Cluster.Contracts;
using Orchestrator.Cluster.Placement;
using Orleans.Concurrency;

namespace Orchestrator.Cluster.Workers;

/// <summary>The worker's grain: a thin door to its <see cref="WorkerJobHost"/> (reentrant: polls never queue behind a start).</summary>
[WorkerPlacement]
[Reentrant]
internal sealed class WorkerGrain(WorkerJobHost host) : Grain, IWorkerGrain
{
    public Task<WorkerDescription> DescribeAsync() => Task.FromResult(host.Describe(this.GetPrimaryKeyString()));

    public Task<JobAcceptance> StartAsync(WorkerJob job) => Task.FromResult(host.Start(job));

    public Task<WorkerJobState> PollAsync(string jobId) => Task.FromResult(host.Poll(jobId));

    public Task CancelAsync(string jobId)
    {
        host.Cancel(jobId);
        return Task.CompletedTask;
    }

    public Task ForgetAsync(string jobId)
    {
        host.Forget(jobId);
        return Task.CompletedTask;
    }
}
