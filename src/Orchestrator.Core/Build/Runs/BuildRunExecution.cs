using Orchestrator.Core.Agents;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// Where this server executes build runs: in detached worker processes (<see cref="Workers"/> set), so a run outlives
/// its client and its server; or in this process (null), which the host runner always needs (its agents are the
/// client's) and which a server whose run environment was replaced in code (tests' scripted agents: a worker process
/// would not see them) keeps using.
/// </summary>
public sealed record BuildRunExecution(IBuildRunWorkerStarter? Workers)
{
    public static BuildRunExecution InProcess { get; } = new((IBuildRunWorkerStarter?)null);

    /// <summary>Whether a run with <paramref name="runner"/> goes to a worker process.</summary>
    public bool Detaches(RunnerKind runner) => Workers is not null && runner != RunnerKind.Host;
}
