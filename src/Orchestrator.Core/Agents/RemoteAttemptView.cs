namespace Orchestrator.Core.Agents;

/// <summary>Where one remote agent job stands.</summary>
/// <param name="JobId">The job.</param>
/// <param name="RunId">Its build run.</param>
/// <param name="ChunkId">Its chunk (null for the opus reviewer).</param>
/// <param name="Role">Executor or reviewer.</param>
/// <param name="Attempt">The attempt on the chunk's ladder.</param>
/// <param name="Worker">The worker running it; null while it waits.</param>
/// <param name="State"><c>waiting</c> (no worker with free capacity and the runner) or <c>running</c>.</param>
/// <param name="Since">When it entered that state.</param>
/// <param name="LostWorkers">Workers that died under it before it was placed again.</param>
public sealed record RemoteAttemptView(
    string JobId,
    string RunId,
    string? ChunkId,
    AgentRole Role,
    int Attempt,
    string? Worker,
    string State,
    DateTimeOffset Since,
    IReadOnlyList<string> LostWorkers);
