using Orleans.Runtime.Placement;

namespace Orchestrator.Cluster.Placement;

/// <summary>
/// The worker grain's key is its silo's address: it is activated there or not at all. A key naming a silo that
/// membership no longer lists fails the call, so a job meant for a dead worker never silently runs elsewhere.
/// </summary>
public sealed class WorkerPlacementDirector : IPlacementDirector
{
    /// <inheritdoc />
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var wanted = SiloAddress.FromParsableString(target.GrainIdentity.Key.ToString()!);
        var compatible = context.GetCompatibleSilos(target);
        return compatible.Contains(wanted)
            ? Task.FromResult(wanted)
            : throw new OrleansException($"worker {wanted} is not an active member of the cluster");
    }
}
