namespace Orchestrator.Cluster.Contracts;

/// <summary>What a worker offers.</summary>
[GenerateSerializer, Immutable]
public sealed record WorkerDescription(
    [property: Id(0)] string Name,
    [property: Id(1)] string Address,
    [property: Id(2)] int MaxAgents,
    [property: Id(3)] int Running,
    [property: Id(4)] string[] Runners,
    [property: Id(5)] Dictionary<string, string> Labels,
    [property: Id(6)] string? Host = null)
{
    /// <summary>Free agent slots.</summary>
    public int Free => Math.Max(0, MaxAgents - Running);
}
