using Orchestrator.Core.Common;

namespace Orchestrator.Core.Build.Journal;

/// <summary>A chunk's state as folded from the journal.</summary>
public sealed record ChunkSnapshot(
    string Id,
    ChunkRunState State,
    int Attempts,
    ModelTier? Model,
    string? Summary,
    string? Blocker,
    string? SkipReason,
    bool? TestsPassed,
    IReadOnlyList<string> FilesChanged);
