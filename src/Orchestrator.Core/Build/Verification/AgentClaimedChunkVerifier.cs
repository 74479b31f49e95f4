using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Build.Verification;

/// <summary>The verifier without a test command: testsPassed is what the executor claimed.</summary>
public sealed class AgentClaimedChunkVerifier : IChunkVerifier
{
    private readonly string _detail;

    /// <summary>Creates the verifier; <paramref name="why"/> says why the claim is used (journalled as the detail).</summary>
    public AgentClaimedChunkVerifier(string? why = null)
    {
        _detail = why is null ? "agent-claimed" : $"agent-claimed: {why}";
    }

    /// <inheritdoc />
    public Task<ChunkVerification> VerifyAsync(PlannedChunk chunk, ChunkWorkspace workspace, ExecutorOutput executorOutput, CancellationToken cancellationToken) =>
        Task.FromResult(new ChunkVerification(executorOutput.TestsPassed, _detail));
}
