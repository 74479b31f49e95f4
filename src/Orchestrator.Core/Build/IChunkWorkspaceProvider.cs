using Orchestrator.Core.Agents;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Build;

/// <summary>
/// Isolation seam: prepares a workspace before each executor attempt and checks/applies its changes afterwards.
/// The default is <see cref="SharedTreeWorkspaceProvider"/>; the git-worktree isolation plugs in here.
/// </summary>
public interface IChunkWorkspaceProvider
{
    /// <summary>Prepares the place where <paramref name="attempt"/> of <paramref name="chunk"/> runs.</summary>
    Task<ChunkWorkspace> PrepareAsync(PlannedChunk chunk, int attempt, CancellationToken cancellationToken);

    /// <summary>After an executor reported done: checks the diff against the chunk's files and applies it.</summary>
    Task<WorkspaceCompletion> CompleteAsync(ChunkWorkspace workspace, PlannedChunk chunk, ExecutorOutput executorOutput, CancellationToken cancellationToken);

    /// <summary>After an attempt that did not succeed (blocked, failed, timed out, cancelled): drop its workspace.</summary>
    Task DiscardAsync(ChunkWorkspace workspace, PlannedChunk chunk, CancellationToken cancellationToken);
}
