namespace Orchestrator.Core.Planning.PhaseAgents;

/// <summary>The planner's answer: the plan (Markdown), gaps, open questions and a suggested chunking.</summary>
public sealed record PlannerOutput(
    string Plan,
    IReadOnlyList<string>? Gaps,
    IReadOnlyList<string>? OpenQuestions,
    string? SuggestedChunking);
