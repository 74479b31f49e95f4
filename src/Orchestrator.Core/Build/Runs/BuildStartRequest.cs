using Orchestrator.Core.Agents;

namespace Orchestrator.Core.Build.Runs;

/// <summary>build_start's choices. <see cref="Runner"/> null: config.yaml's default_runner.</summary>
public sealed record BuildStartRequest(
    RunnerKind? Runner,
    int? MaxParallel,
    decimal? BudgetUsd,
    BuildIsolation Isolation);
