using System.Text.Json.Serialization;
using Orchestrator.Core.Build.Scheduling;
using Orchestrator.Core.Planning.Costs;

namespace Orchestrator.Core.Build;

/// <summary>Knobs of one build run. The escalation ladder (3 attempts) and the review cap (2 iterations) are the contract's, not options.</summary>
public sealed record BuildOptions
{
    /// <summary>The default concurrency limit.</summary>
    public const int DefaultMaxParallel = 4;

    /// <summary>At most this many agents at once; 0 or null means unbounded.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? MaxParallel { get; init; } = DefaultMaxParallel;

    /// <summary>DAG release (default) or wave barriers.</summary>
    public SchedulingMode Mode { get; init; } = SchedulingMode.Dag;

    /// <summary>
    /// Counts every attempt (failed ones too). An attempt starts only while the recorded cost plus what running attempts
    /// reserved stays under it, so parallel agents overshoot by at most one attempt's estimate. Null: no budget.
    /// </summary>
    public decimal? BudgetUsd { get; init; }

    /// <summary>
    /// The plan's estimate for this run's runner (build_start makes it): its per-attempt figures are what each attempt
    /// reserves from <see cref="BudgetUsd"/> before it starts, and build_result compares its range with the actual cost.
    /// </summary>
    public PlanCostEstimate? CostEstimate { get; init; }

    /// <summary>Per-job timeout for executors and reviewers, enforced by the engine even if a runner ignores it.</summary>
    public TimeSpan AgentTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// After a timeout or cancellation, how long the engine waits for the runner to stop its process tree before it
    /// removes the attempt's workspace and moves on (a runner that ignores its token is abandoned after this).
    /// </summary>
    public TimeSpan AgentStopGrace { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The effective limit: null when unbounded.</summary>
    internal int? EffectiveMaxParallel => MaxParallel is null or <= 0 ? null : MaxParallel;
}
