using Orchestrator.Cluster.Contracts;
using Orchestrator.Core.Agents;

namespace Orchestrator.Cluster.Coordinator;

/// <summary>One placement of a job: what to send, which runner and labels it needs, how it shows on the board.</summary>
internal sealed record PlacementRequest(WorkerJob Job, AgentJob Source, string RunnerName, IReadOnlyDictionary<string, string> RequiredLabels, IReadOnlyList<string> LostWorkers);
