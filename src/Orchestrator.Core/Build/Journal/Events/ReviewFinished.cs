using Orchestrator.Core.Agents.Answers;

namespace Orchestrator.Core.Build.Journal.Events;

/// <summary>
/// <c>review.finished</c>: one review round; its findings replace those of <see cref="ChunkIds"/>, its unassigned
/// findings add to the run's.
/// </summary>
public sealed record ReviewFinished : RunEvent
{
    public int Iteration { get; init; }

    /// <summary>The chunks this round reviewed.</summary>
    public IReadOnlyList<string> ChunkIds { get; init; } = [];

    /// <summary>Findings on those chunks (deduplicated).</summary>
    public IReadOnlyList<ReviewFinding> Findings { get; init; } = [];

    /// <summary>The opus reviewer's findings on chunks outside the round.</summary>
    public IReadOnlyList<ReviewFinding> Unassigned { get; init; } = [];

    /// <summary>Chunks whose per-chunk reviewer gave a valid answer.</summary>
    public IReadOnlyList<string> Reviewed { get; init; } = [];
}
