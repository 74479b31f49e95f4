using Orchestrator.Core.Agents;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Build;

/// <summary>The default verifier: no test command, so testsPassed is what the executor claimed.</summary>
public sealed class AgentClaimedChunkVerifier : IChunkVerifier
{
    /// <inheritdoc />
    public Task<ChunkVerification> VerifyAsync(PlannedChunk chunk, ChunkWorkspace workspace, ExecutorOutput executorOutput, CancellationToken cancellationToken) =>
        Task.FromResult(new ChunkVerification(executorOutput.TestsPassed, "agent-claimed"));
}
