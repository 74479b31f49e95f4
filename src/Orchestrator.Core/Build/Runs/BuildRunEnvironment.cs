using Orchestrator.Core.Agents;
using Orchestrator.Core.Build.Verification;
using Orchestrator.Core.Build.Workspaces;

namespace Orchestrator.Core.Build.Runs;

/// <summary>The parts a <see cref="BuildLoop"/> is built from for one run.</summary>
public sealed record BuildRunEnvironment(IAgentRunner Runner, IChunkWorkspaceProvider Workspaces, IChunkVerifier Verifier);
