namespace Orchestrator.Core.Agents.Answers;

/// <summary>A reviewer's validated answer: <c>{ findings: [Finding] }</c>.</summary>
public sealed record ReviewerOutput(IReadOnlyList<ReviewFinding> Findings);
