using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Build.Workspaces;

/// <summary>
/// Isolation seam: prepares a workspace before each executor attempt and checks/applies its changes afterwards.
/// A git or file-system failure may be thrown: the engine records it as a failed attempt with the message.
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

    /// <summary>
    /// After a successful attempt's change was applied and verified (the verifier runs in the workspace): release it.
    /// Nothing to do for a workspace that is the session tree itself.
    /// </summary>
    Task ReleaseAsync(ChunkWorkspace workspace, PlannedChunk chunk, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// A disposable copy of the session tree (with the chunk's result in it) where a reviewer may run tests and
    /// linters with a shell; dropped with <see cref="DiscardAsync"/>, so nothing the reviewer changes is kept. Null
    /// when this isolation has none (the shared tree): the reviewer then reads the session tree without a shell.
    /// </summary>
    Task<ChunkWorkspace?> PrepareReviewAsync(PlannedChunk chunk, int iteration, CancellationToken cancellationToken) => Task.FromResult<ChunkWorkspace?>(null);

    /// <summary>
    /// True when <see cref="PrepareReviewAsync"/> makes review trees, so the engine journals their preparation and
    /// release like an executor's workspace (the time they take is time the executors cannot use).
    /// </summary>
    bool ProvidesReviewTrees => false;

    /// <summary>
    /// Of <paramref name="paths"/>, those the session tree holds changed against its HEAD (this session's uncommitted
    /// work). Lets a re-run of an attempt cut off by a kill after its change was applied recognise that change. Empty
    /// when this isolation cannot tell.
    /// </summary>
    Task<IReadOnlyList<string>> UncommittedInSessionTreeAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);
}
