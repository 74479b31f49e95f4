using Orchestrator.Cluster.Contracts;

namespace Orchestrator.Cluster.Coordinator;

/// <summary>How one placement ended: a result from <see cref="Worker"/>, the worker was lost (place again), or no worker can run the job.</summary>
internal sealed record PlacementResult(WorkerDescription? Worker, WorkerJobResult? Result, bool Lost, string? Refusal);
