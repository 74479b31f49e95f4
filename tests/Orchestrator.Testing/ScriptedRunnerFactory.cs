using System.Collections.Concurrent;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Common;
using Orchestrator.Core.Options;

namespace Orchestrator.Testing;

/// <summary>
/// Hands out one runner for every kind asked for (the spec, plan and divide agents, close's reviewer), and remembers
/// the kinds it was asked for. A host request without a run is refused, as the real factory refuses it.
/// </summary>
public sealed class ScriptedRunnerFactory(IAgentRunner runner) : IAgentRunnerFactory
{
    public ConcurrentQueue<RunnerKind> Requested { get; } = new();

    public IAgentRunner Runner { get; } = runner;

    public Outcome<IAgentRunner> Create(RunnerKind kind, RunnersOptions runners, string? hostRunId)
    {
        Requested.Enqueue(kind);
        return kind == RunnerKind.Host && hostRunId is null
            ? Outcome<IAgentRunner>.Failure(ErrorCode.InvalidArgument, "runner \"host\" takes jobs only during a build run.")
            : Outcome<IAgentRunner>.Success(Runner);
    }
}
