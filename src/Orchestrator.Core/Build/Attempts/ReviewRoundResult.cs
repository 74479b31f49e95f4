using Orchestrator.Core.Agents.Answers;

namespace Orchestrator.Core.Build.Attempts;

/// <summary>One review round: deduplicated findings of the reviewed chunks, unassigned findings, chunks with a valid review.</summary>
internal sealed record ReviewRoundResult(
    IReadOnlyList<ReviewFinding> Findings,
    IReadOnlyList<ReviewFinding> Unassigned,
    IReadOnlyList<string> Reviewed,
    bool Interrupted);
