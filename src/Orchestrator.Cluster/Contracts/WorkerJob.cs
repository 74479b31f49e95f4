namespace Orchestrator.Cluster.Contracts;

/// <summary>
/// One agent job as a worker receives it: the prompt and answer schema, the runner and its config.yaml settings, and
/// where the code is (a commit pushed to <see cref="GitRemote"/> under <see cref="BaseRef"/>); the worker pushes its
/// result commit to <see cref="ResultRef"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record WorkerJob(
    [property: Id(0)] string JobId,
    [property: Id(1)] string RunId,
    [property: Id(2)] string Role,
    [property: Id(3)] string Tier,
    [property: Id(4)] string Prompt,
    [property: Id(5)] string OutputSchemaJson,
    [property: Id(6)] TimeSpan Timeout,
    [property: Id(7)] string? ChunkId,
    [property: Id(8)] int Attempt,
    [property: Id(9)] string Runner,
    [property: Id(10)] string RunnersJson,
    [property: Id(11)] string GitRemote,
    [property: Id(12)] string BaseRef,
    [property: Id(13)] string BaseCommit,
    [property: Id(14)] string ResultRef);
