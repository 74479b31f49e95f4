namespace Orchestrator.Core.Build.Journal.Events;

/// <summary><c>chunk.skipped</c>: a chunk never started (a dependency failed, the budget ran out).</summary>
public sealed record ChunkSkipped : RunEvent
{
    public string ChunkId { get; init; } = string.Empty;

    public string? Reason { get; init; }
}
