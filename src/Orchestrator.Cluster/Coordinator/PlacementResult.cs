using Orchestrator.Cluster.Contracts;

namespace Orchestrator.Cluster.Coordinator;

/// <summary>
/// How one placement ended: a result from <see cref="Worker"/>, the worker was lost (place again), or no worker can run
/// the job. <see cref="Reattached"/> is the job an earlier coordinator placed for the same attempt, followed instead of
/// placing a new one (its refs and base commit are the ones its result belongs to).
/// </summary>
internal sealed record PlacementResult(WorkerDescription? Worker, WorkerJobResult? Result, bool Lost, string? Refusal, WorkerJob? Reattached = null);
