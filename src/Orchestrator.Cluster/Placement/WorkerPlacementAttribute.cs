using Orleans.Placement;

namespace Orchestrator.Cluster.Placement;

/// <summary>Marks the worker grain: activated on the silo whose address is its key, nowhere else.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class WorkerPlacementAttribute : PlacementAttribute
{
    public WorkerPlacementAttribute()
        : base(new WorkerPlacement())
    {
    }
}
