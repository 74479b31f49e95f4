namespace Orchestrator.Core.Planning;

/// <summary>The plan phase's outcome (saved as plan.md; the plan gate is open).</summary>
public sealed record PlanResult(
    string Plan,
    IReadOnlyList<string> Gaps,
    IReadOnlyList<string> OpenQuestions,
    string SuggestedChunking,
    string PlannerModel,
    decimal CostUsd)
{
    /// <summary>Why the planner ran at its tier (null for a host plan).</summary>
    public string? PlannerReason { get; init; }
}
