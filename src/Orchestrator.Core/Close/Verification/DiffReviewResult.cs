using Orchestrator.Core.Agents.Answers;

namespace Orchestrator.Core.Close.Verification;

/// <summary>The diff review before the gate: completed, skipped (with the reason) or failed. Informational only.</summary>
public sealed record DiffReviewResult(DiffReviewStatus Status, string? Reason, IReadOnlyList<ReviewFinding> Findings, decimal CostUsd)
{
    public static DiffReviewResult Skipped(string reason) => new(DiffReviewStatus.Skipped, reason, [], 0);
}
