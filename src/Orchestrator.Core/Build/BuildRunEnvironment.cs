using Orchestrator.Core.Agents;

namespace Orchestrator.Core.Build;

/// <summary>The parts a <see cref="BuildLoop"/> is built from for one run.</summary>
public sealed record BuildRunEnvironment(IAgentRunner Runner, IChunkWorkspaceProvider Workspaces, IChunkVerifier Verifier);
