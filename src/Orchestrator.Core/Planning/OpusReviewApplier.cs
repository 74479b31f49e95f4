namespace Orchestrator.Core.Planning;

/// <summary>
/// Applies the senior review instead of only suggesting it: every chunk the <see cref="OpusReviewAdvisor"/> flags gets
/// <c>opusReview: true</c>, unless its plan said <c>opusReview: false</c> (the user's choice at the build gate stands).
/// </summary>
public static class OpusReviewApplier
{
    /// <summary>The waves with the advised flags set, and why each flag was set.</summary>
    public static (IReadOnlyList<IReadOnlyList<ChunkDefinition>> Waves, IReadOnlyList<OpusReviewSuggestion> Applied) Apply(
        IReadOnlyList<IReadOnlyList<ChunkDefinition>> waves, ChunkPlan planned)
    {
        ArgumentNullException.ThrowIfNull(waves);
        ArgumentNullException.ThrowIfNull(planned);
        var undecided = waves.SelectMany(w => w).Where(d => d.OpusReview is null && d.Id is not null).Select(d => d.Id!.Trim()).ToHashSet(StringComparer.Ordinal);
        var applied = OpusReviewAdvisor.Suggest(planned.Chunks.Where(c => undecided.Contains(c.Id))).ToList();
        if (applied.Count == 0)
        {
            return (waves, applied);
        }

        var flagged = applied.Select(a => a.ChunkId).ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<IReadOnlyList<ChunkDefinition>> updated = waves
            .Select(w => (IReadOnlyList<ChunkDefinition>)w.Select(d => d.Id is { } id && flagged.Contains(id.Trim()) ? d with { OpusReview = true } : d).ToList())
            .ToList();
        return (updated, applied);
    }

    /// <summary>The waves with <c>opusReview</c> set exactly on <paramref name="chunkIds"/> (the build gate's choice).</summary>
    public static IReadOnlyList<IReadOnlyList<ChunkDefinition>> Set(IReadOnlyList<IReadOnlyList<ChunkDefinition>> waves, IReadOnlySet<string> chunkIds)
    {
        ArgumentNullException.ThrowIfNull(waves);
        ArgumentNullException.ThrowIfNull(chunkIds);
        return waves.Select(w => (IReadOnlyList<ChunkDefinition>)w.Select(d => d with { OpusReview = d.Id is { } id && chunkIds.Contains(id.Trim()) }).ToList()).ToList();
    }
}
