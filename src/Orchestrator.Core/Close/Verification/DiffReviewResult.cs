using Orchestrator.Core.Agents.Answers;

namespace Orchestrator.Core.Close.Verification;

/// <summary>The diff review before the gate: <c>completed</c>, <c>skipped</c> (with the reason) or <c>failed</c>. Informational only.</summary>
public sealed record DiffReviewResult(string Status, string? Reason, IReadOnlyList<ReviewFinding> Findings, decimal CostUsd)
{
    public static DiffReviewResult Skipped(string reason) => new("skipped", reason, [], 0);
}
