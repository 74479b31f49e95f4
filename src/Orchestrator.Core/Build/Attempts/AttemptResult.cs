using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Build.Attempts;

/// <summary>The engine's view of one attempt (live, or replayed from the journal on resume).</summary>
internal sealed record AttemptResult(
    AttemptOutcome Outcome,
    ModelTier Tier,
    string? Reason,
    ExecutorOutput? Executor,
    IReadOnlyList<ReviewFinding>? Findings,
    IReadOnlyList<string> FilesChanged,
    bool? TestsPassed,
    bool Started)
{
    /// <summary>How testsPassed was decided (the verifier's detail), when tests were required.</summary>
    public string? TestsDetail { get; init; }

    /// <summary>Files the executor claimed to change that its diff does not change (<see cref="ExecutorClaims"/>).</summary>
    public string? Discrepancy { get; init; }

    /// <summary>True when the budget refused the attempt (it never started).</summary>
    public bool BudgetStopped { get; init; }

    /// <summary>The attempt never started because the budget is spent.</summary>
    public static AttemptResult NotStarted(ModelTier tier, string reason) =>
        new(AttemptOutcome.Cancelled, tier, reason, null, null, [], null, Started: false) { BudgetStopped = true };
}
