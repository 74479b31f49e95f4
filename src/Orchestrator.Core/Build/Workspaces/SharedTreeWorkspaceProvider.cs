using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Build.Workspaces;

/// <summary>
/// The source's behaviour: every agent works in the session tree. Files changed are what the executor reported;
/// nothing can be checked or rolled back, which is why worktree isolation exists.
/// </summary>
public sealed class SharedTreeWorkspaceProvider(string workingDirectory) : IChunkWorkspaceProvider
{
    /// <inheritdoc />
    public Task<ChunkWorkspace> PrepareAsync(PlannedChunk chunk, int attempt, CancellationToken cancellationToken) =>
        Task.FromResult(new ChunkWorkspace(workingDirectory));

    /// <inheritdoc />
    public Task<WorkspaceCompletion> CompleteAsync(ChunkWorkspace workspace, PlannedChunk chunk, ExecutorOutput executorOutput, CancellationToken cancellationToken) =>
        Task.FromResult(new WorkspaceCompletion(executorOutput.FilesChanged ?? [], [], null) { Measured = false });

    /// <inheritdoc />
    public Task DiscardAsync(ChunkWorkspace workspace, PlannedChunk chunk, CancellationToken cancellationToken) => Task.CompletedTask;
}
