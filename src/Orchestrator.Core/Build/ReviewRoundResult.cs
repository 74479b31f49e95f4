using Orchestrator.Core.Agents;

namespace Orchestrator.Core.Build;

/// <summary>One review round: deduplicated findings of the reviewed chunks, unassigned findings, chunks with a valid review.</summary>
internal sealed record ReviewRoundResult(
    IReadOnlyList<ReviewFinding> Findings,
    IReadOnlyList<ReviewFinding> Unassigned,
    IReadOnlyList<string> Reviewed,
    bool Interrupted);
