namespace Orchestrator.Core.Planning;

/// <summary>The outcome of validating a chunk plan: the plan, or every problem found (never just the first).</summary>
public sealed record ChunkPlanValidationResult(ChunkPlan? Plan, IReadOnlyList<ChunkPlanProblem> Problems)
{
    /// <summary>True when there is no problem and <see cref="Plan"/> is set.</summary>
    public bool IsValid => Plan is not null && Problems.Count == 0;

    /// <summary>All problem messages, one per line, for an error result.</summary>
    public string Describe() => string.Join(Environment.NewLine, Problems.Select(p => p.Message));
}
