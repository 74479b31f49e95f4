using Orchestrator.Core.Common;

namespace Orchestrator.Core.Build.Journal.Events;

/// <summary><c>chunk.succeeded</c>: a chunk's ladder (in <see cref="Iteration"/>) ended with an accepted change.</summary>
public sealed record ChunkSucceeded : RunEvent
{
    public string ChunkId { get; init; } = string.Empty;

    public int Iteration { get; init; }

    /// <summary>Attempts the ladder used.</summary>
    public int Attempts { get; init; }

    /// <summary>The tier of the last attempt.</summary>
    public ModelTier Model { get; init; }

    public string? Summary { get; init; }

    public bool? TestsPassed { get; init; }

    public IReadOnlyList<string> FilesChanged { get; init; } = [];
}
