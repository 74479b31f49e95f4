using System.Collections.Concurrent;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Git;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Build.Workspaces;

/// <summary>
/// <c>shared</c> isolation with a scope check: every agent works in the session tree (as the source workflow does),
/// and when a chunk reports done, the tree's changes since the chunk started are diffed. Agents running at the same
/// time share the tree, so a change is out of scope only when no chunk dispatched so far owns it. Nothing can be
/// rolled back here (that is what worktree isolation is for): a violation fails the attempt and is reported.
/// Snapshots asked for together are shared, and come from one index kept for the run (<paramref name="indexFile"/>,
/// outside the repository; a temporary file when null), so each costs what changed since the previous one.
/// </summary>
public sealed class ScopeCheckedSharedTreeWorkspaceProvider(IGit git, string sessionTree, string? indexFile = null) : IChunkWorkspaceProvider
{
    private readonly WorkingTreeCommitter _committer = new(git);
    private readonly SessionTreeSnapshotter _snapshotter = new(git, sessionTree, indexFile ?? Path.Combine(Path.GetTempPath(), $"so-index-{Guid.NewGuid():N}"));
    private readonly SnapshotCoalescer _snapshots = new(SnapshotSharing.NotYetStarted);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, string> _startStates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _ownedFiles = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task<ChunkWorkspace> PrepareAsync(PlannedChunk chunk, int attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        _ownedFiles[chunk.Id] = chunk.Files;
        var treeId = await SnapshotTreeAsync(cancellationToken).ConfigureAwait(false);
        var head = await git.ResolveCommitAsync(sessionTree, "HEAD", cancellationToken).ConfigureAwait(false);
        _startStates[chunk.Id] = await _committer.CommitTreeAsync(sessionTree, treeId, head, $"orchestrator: session tree before {chunk.Id} attempt {attempt}", cancellationToken).ConfigureAwait(false);
        return new ChunkWorkspace(sessionTree);
    }

    /// <inheritdoc />
    public async Task<WorkspaceCompletion> CompleteAsync(ChunkWorkspace workspace, PlannedChunk chunk, ExecutorOutput executorOutput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        if (!_startStates.TryRemove(chunk.Id, out var start))
        {
            throw new InvalidOperationException($"chunk {chunk.Id} completed without being prepared");
        }

        var now = await _committer.CommitTreeAsync(sessionTree, await SnapshotTreeAsync(cancellationToken).ConfigureAwait(false), start, $"orchestrator: session tree after {chunk.Id}", cancellationToken).ConfigureAwait(false);
        var changed = await _committer.ChangedPathsAsync(sessionTree, start, now, cancellationToken).ConfigureAwait(false);
        var mine = changed.Except(ChunkScope.OutOfScope(changed, chunk.Files), StringComparer.Ordinal).ToList();
        var ownedByAnyone = _ownedFiles.Values.SelectMany(f => f).ToList();
        var violations = ChunkScope.OutOfScope(changed, ownedByAnyone);
        return new WorkspaceCompletion(violations.Count > 0 ? [] : mine, violations, null);
    }

    /// <inheritdoc />
    public Task DiscardAsync(ChunkWorkspace workspace, PlannedChunk chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        _startStates.TryRemove(chunk.Id, out _);
        return Task.CompletedTask;
    }

    private Task<string> SnapshotTreeAsync(CancellationToken cancellationToken) =>
        _snapshots.TakeAsync(_gate, () => _snapshotter.WriteTreeAsync([], CancellationToken.None), cancellationToken);
}
