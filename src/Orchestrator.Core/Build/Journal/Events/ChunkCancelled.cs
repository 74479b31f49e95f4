namespace Orchestrator.Core.Build.Journal.Events;

/// <summary><c>chunk.cancelled</c>: the run was cancelled while the chunk ran; a resume dispatches it again.</summary>
public sealed record ChunkCancelled : RunEvent
{
    public string ChunkId { get; init; } = string.Empty;

    public int Iteration { get; init; }
}
