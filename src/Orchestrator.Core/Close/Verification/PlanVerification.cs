using Orchestrator.Core.Build.Verification;

namespace Orchestrator.Core.Close.Verification;

/// <summary>Every chunk of the session classified, plus the plan's items no chunk covered.</summary>
public sealed record PlanVerification(IReadOnlyList<ChunkVerdict> Chunks, IReadOnlyList<string> UncoveredPlanItems, IReadOnlyList<string> Problems)
{
    public int Count(ChunkVerdictStatus status) => Chunks.Count(c => c.Status == status);

    /// <summary>Done chunks over all chunks (1 when there are none).</summary>
    public double CompletionRate => Chunks.Count == 0 ? 1 : Math.Round((double)Count(ChunkVerdictStatus.Done) / Chunks.Count, 3);
}
