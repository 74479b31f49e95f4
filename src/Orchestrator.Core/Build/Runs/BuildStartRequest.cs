using Orchestrator.Core.Agents;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// build_start's choices. <see cref="Runner"/> null: config.yaml's default_runner. <see cref="HostRunnerFor"/> is the
/// MCP host's runner per run id, when the server has one.
/// </summary>
public sealed record BuildStartRequest(
    string? Runner,
    int? MaxParallel,
    decimal? BudgetUsd,
    BuildIsolation Isolation,
    Func<string, IAgentRunner>? HostRunnerFor);
