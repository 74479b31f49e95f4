using Orchestrator.Core.Common;

namespace Orchestrator.Core.Build.Journal.Events;

/// <summary><c>chunk.failed</c>: a chunk's ladder (in <see cref="Iteration"/>) ran out of attempts (or budget).</summary>
public sealed record ChunkFailed : RunEvent
{
    public string ChunkId { get; init; } = string.Empty;

    public int Iteration { get; init; }

    public int Attempts { get; init; }

    /// <summary>The tier of the last attempt.</summary>
    public ModelTier Model { get; init; }

    public string? Summary { get; init; }

    /// <summary>Why the last attempt did not succeed.</summary>
    public string? Blocker { get; init; }

    public bool? TestsPassed { get; init; }

    public IReadOnlyList<string> FilesChanged { get; init; } = [];
}
