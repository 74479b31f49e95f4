namespace Orchestrator.Cluster.Placement;

/// <summary>Places a worker grain on the silo its key names (see <see cref="WorkerPlacementDirector"/>).</summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class WorkerPlacement : PlacementStrategy
{
}
