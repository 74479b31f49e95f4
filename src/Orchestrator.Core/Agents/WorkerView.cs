namespace Orchestrator.Core.Agents;

/// <summary>One cluster worker as the coordinator last saw it.</summary>
/// <param name="Name">The worker's name (<c>--name</c>, default host and process id).</param>
/// <param name="Address">Its silo address in the cluster.</param>
/// <param name="MaxAgents">How many agents it runs at once.</param>
/// <param name="Running">How many it runs now.</param>
/// <param name="Runners">The runner CLIs it found on its PATH.</param>
/// <param name="Labels">Its labels (<c>--label k=v</c>).</param>
/// <param name="Host">The machine it runs on (its host name; null from a worker that does not say).</param>
public sealed record WorkerView(string Name, string Address, int MaxAgents, int Running, IReadOnlyList<string> Runners, IReadOnlyDictionary<string, string> Labels,
    string? Host = null);
