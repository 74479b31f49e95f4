using System.Text.Json.Serialization;
using Orchestrator.Core.Build.Scheduling;

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

    /// <summary>When the recorded cost reaches this, no new attempt starts. Null: no budget.</summary>
    public decimal? BudgetUsd { get; init; }

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
