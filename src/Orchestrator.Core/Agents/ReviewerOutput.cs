namespace Orchestrator.Core.Agents;

/// <summary>A reviewer's validated answer: <c>{ findings: [Finding] }</c>.</summary>
public sealed record ReviewerOutput(IReadOnlyList<ReviewFinding> Findings);
