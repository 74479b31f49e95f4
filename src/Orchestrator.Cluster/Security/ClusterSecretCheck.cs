using Orchestrator.Cluster.Workers;

namespace Orchestrator.Cluster.Security;

/// <summary>
/// A worker silo's incoming call filter: a call to the worker grain (start, poll, cancel a job) without the secret's
/// proof is refused before it reaches the grain. Orleans' own system calls (membership probes, the management grain)
/// are not checked: they cannot start an agent.
/// </summary>
internal sealed class ClusterSecretCheck(string secret) : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Grain is WorkerGrain && !ClusterSecretProof.Matches(secret, RequestContext.Get(ClusterSecretHeader.Key) as string))
        {
            throw new UnauthorizedAccessException("call to an orchestrator worker without the cluster secret's proof");
        }

        return context.Invoke();
    }
}
