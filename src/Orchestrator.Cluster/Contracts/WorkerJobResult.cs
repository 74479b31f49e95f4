namespace Orchestrator.Cluster.Contracts;

/// <summary>
/// What came of a job on a worker: the runner's outcome, the agent's log (capped), and the commit with its changes
/// (pushed to the job's result ref), or null when it changed nothing.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record WorkerJobResult(
    [property: Id(0)] string Status,
    [property: Id(1)] string? StructuredOutputJson,
    [property: Id(2)] string? FailureReason,
    [property: Id(3)] decimal CostUsd,
    [property: Id(4)] long InputTokens,
    [property: Id(5)] long OutputTokens,
    [property: Id(6)] long CacheReadTokens,
    [property: Id(7)] long CacheWriteTokens,
    [property: Id(8)] long DurationMs,
    [property: Id(9)] string? ResultCommit,
    [property: Id(10)] string? Log);
