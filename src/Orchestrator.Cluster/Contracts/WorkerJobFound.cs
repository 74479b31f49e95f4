namespace Orchestrator.Cluster.Contracts;

/// <summary>A job a worker holds for an attempt (running, or finished with its result not yet taken).</summary>
[GenerateSerializer, Immutable]
public sealed record WorkerJobFound([property: Id(0)] WorkerJob Job, [property: Id(1)] WorkerJobState State);
