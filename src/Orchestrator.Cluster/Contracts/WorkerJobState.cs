namespace Orchestrator.Cluster.Contracts;

/// <summary>Where a job stands on its worker; <see cref="Result"/> once finished.</summary>
[GenerateSerializer, Immutable]
public sealed record WorkerJobState([property: Id(0)] WorkerJobStatus Status, [property: Id(1)] WorkerJobResult? Result);
