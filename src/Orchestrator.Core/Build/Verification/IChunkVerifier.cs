using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Build.Verification;

/// <summary>
/// Test seam: after a successful executor attempt, when the run requires tests, decides testsPassed. A later layer
/// runs the configured test command and answers from its exit code instead of the agent's claim.
/// </summary>
public interface IChunkVerifier
{
    /// <summary>Verifies one successful attempt in its workspace.</summary>
    Task<ChunkVerification> VerifyAsync(PlannedChunk chunk, ChunkWorkspace workspace, ExecutorOutput executorOutput, CancellationToken cancellationToken);

    /// <summary>
    /// At the end of a run that required tests: verifies the whole session tree. Null when this verifier cannot
    /// (no test command): the result then carries no run-level testsPassed.
    /// </summary>
    Task<ChunkVerification?> VerifyRunAsync(string sessionTree, CancellationToken cancellationToken) => Task.FromResult<ChunkVerification?>(null);

    /// <summary>The test command this verifier runs (reviewers are asked to run it too); null when there is none.</summary>
    string? TestCommand => null;
}
