namespace Orchestrator.Cluster.Contracts;

/// <summary>A worker's answer to a job.</summary>
[GenerateSerializer, Immutable]
public sealed record JobAcceptance([property: Id(0)] JobAcceptanceKind Kind, [property: Id(1)] string? Reason)
{
    public static JobAcceptance Accepted { get; } = new(JobAcceptanceKind.Accepted, null);
}
