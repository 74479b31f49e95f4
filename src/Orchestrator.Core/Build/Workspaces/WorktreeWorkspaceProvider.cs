using System.Collections.Concurrent;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Git;
using Orchestrator.Core.Options;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Build.Workspaces;

/// <summary>
/// Worktree isolation (the default): each attempt runs in a <c>git worktree</c> of its own at a snapshot commit of the
/// session tree (recorded under <c>refs/so-snapshots/&lt;sessionId&gt;/</c> without touching the user's index or
/// branch), outside the repository, with heavy ignored folders symlinked. The worktree is a warm slot of the
/// repository's <see cref="WorktreePool"/> moved to the snapshot, or a fresh one when the pool is off or full.
/// Afterwards the attempt's changes, new untracked files included, are checked against the chunk's files:
/// out-of-scope edits are a scope violation and nothing is applied; otherwise they are merged three-way into the
/// session tree, where a conflict is a blocker, never an overwrite. Snapshots and merges of the session tree are
/// serialised; snapshots asked for together are shared (<see cref="SnapshotCoalescer"/>) and come from one index kept
/// for the run (<see cref="SessionTreeSnapshotter"/>), so each costs what changed since the previous one.
/// </summary>
public sealed class WorktreeWorkspaceProvider : IChunkWorkspaceProvider
{
    /// <summary>The run's snapshot index, in the run folder (outside the repository, removed with the run folder).</summary>
    public const string SnapshotIndexFileName = "session.index";

    private readonly IGit _git;
    private readonly string _sessionId;
    private readonly string _sessionTree;
    private readonly string _runFolder;
    private readonly string _chunkRoot;
    private readonly WorkingTreeCommitter _committer;
    private readonly ThreeWayApplier _applier;
    private readonly ChunkWorktreeJanitor _janitor;
    private readonly WorktreeDressing _dressing;
    private readonly WorktreePool? _pool;
    private readonly SessionTreeSnapshotter _snapshotter;
    private readonly SnapshotCoalescer _snapshots = new(SnapshotSharing.InFlight);
    private readonly SemaphoreSlim _sessionTreeGate = new(1, 1);
    private readonly ConcurrentDictionary<string, ChunkWorktree> _worktrees = new(StringComparer.Ordinal);

    /// <summary>
    /// Creates the provider for one run; its pool holds <c>worktree_pool.size</c> slots, or <paramref name="maxParallel"/>
    /// when that is not configured (0 or null: unbounded, which uses <see cref="WorktreePoolOptions.DefaultUnboundedSize"/>).
    /// </summary>
    public WorktreeWorkspaceProvider(IGit git, string sessionId, string runId, string mainWorkTreeRoot, string sessionTree, OrchestratorOptions options, int? maxParallel = BuildOptions.DefaultMaxParallel)
    {
        ArgumentNullException.ThrowIfNull(options);
        _git = git;
        _sessionId = sessionId;
        _sessionTree = sessionTree;
        _runFolder = ChunkWorktreeLocations.RunFolder(mainWorkTreeRoot, options, sessionId, runId);
        _chunkRoot = ChunkWorktreeLocations.Root(mainWorkTreeRoot, options);
        _committer = new WorkingTreeCommitter(git);
        _applier = new ThreeWayApplier(git);
        _janitor = new ChunkWorktreeJanitor(git);
        _dressing = new WorktreeDressing(git, sessionTree, options);
        _snapshotter = new SessionTreeSnapshotter(git, sessionTree, Path.Combine(_runFolder, SnapshotIndexFileName));
        var size = options.WorktreePool.SizeFor(maxParallel);
        _pool = size > 0 ? new WorktreePool(git, _chunkRoot, ChunkWorktreeLocations.PoolRoot(mainWorkTreeRoot, options), size) : null;
    }

    /// <summary>The snapshot ref of one attempt: <c>refs/so-snapshots/&lt;sessionId&gt;/wave-&lt;n&gt;-&lt;chunk&gt;-&lt;attempt&gt;</c>.</summary>
    public static string SnapshotRef(string sessionId, PlannedChunk chunk, int attempt)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        return $"refs/so-snapshots/{ChunkWorktreeLocations.Safe(sessionId)}/wave-{chunk.Wave + 1}-{ChunkWorktreeLocations.Safe(chunk.Id)}-{attempt}";
    }

    /// <inheritdoc />
    public Task<ChunkWorkspace> PrepareAsync(PlannedChunk chunk, int attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        return PrepareAsync(chunk, $"attempt {attempt}", SnapshotRef(_sessionId, chunk, attempt), attempt.ToString(System.Globalization.CultureInfo.InvariantCulture), verified: false, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<ChunkWorkspace?> PrepareReviewAsync(PlannedChunk chunk, int iteration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        // No snapshot ref: nothing needs to find the review tree's base again. A pool slot, reset without trusting its
        // change record and checked clean by a status walk, so the reviewer never sees an executor's (or another
        // reviewer's) leftovers; a fresh worktree (a full checkout) only when every slot is held.
        return await PrepareAsync(chunk, $"review {iteration}", null, $"review{iteration}", verified: true, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public bool ProvidesReviewTrees => true;

    private async Task<ChunkWorkspace> PrepareAsync(PlannedChunk chunk, string what, string? snapshotRef, string label, bool verified, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(_runFolder, ChunkWorktreeLocations.OwnerFileName)))
        {
            ChunkWorktreeJanitor.ClaimRunFolder(_runFolder);
        }

        var treeId = await _snapshots.TakeAsync(_sessionTreeGate, () => _snapshotter.WriteTreeAsync(_dressing.SymlinkedFolders(_sessionTree), CancellationToken.None), cancellationToken).ConfigureAwait(false);
        var head = await _git.ResolveCommitAsync(_sessionTree, "HEAD", cancellationToken).ConfigureAwait(false);
        var snapshot = await _committer.CommitTreeAsync(_sessionTree, treeId, head, $"orchestrator snapshot before {chunk.Id} {what}", cancellationToken).ConfigureAwait(false);
        if (snapshotRef is not null)
        {
            await _committer.UpdateRefAsync(_sessionTree, snapshotRef, snapshot, cancellationToken).ConfigureAwait(false);
        }

        var slot = _pool is not null ? await _pool.TryClaimAsync(cancellationToken).ConfigureAwait(false) : null;
        try
        {
            string path;
            WorkspaceKind kind;
            if (slot is not null)
            {
                path = slot.Path;
                var reset = await _pool!.CheckOutAsync(_sessionTree, slot, snapshot, _dressing.LinkableFolders, verified, cancellationToken).ConfigureAwait(false);
                kind = reset ? WorkspaceKind.PooledWorktree : WorkspaceKind.RebuiltPoolWorktree;
            }
            else
            {
                path = Path.Combine(_runFolder, $"{ChunkWorktreeLocations.Safe(chunk.Id)}-{label}-{Guid.NewGuid().ToString("N")[..6]}");
                await WorktreeOperationGate.RunAsync(_chunkRoot, async () => GitCommandException.ThrowIfFailed(
                    await WorktreeAdd.RunAsync(_git, _sessionTree, ["worktree", "add", "--detach", "--force", path, snapshot], cancellationToken).ConfigureAwait(false),
                    $"git worktree add for chunk {chunk.Id}"), cancellationToken).ConfigureAwait(false);
                kind = WorkspaceKind.FreshWorktree;
            }

            var linked = await _dressing.LinkHeavyFoldersAsync(path, cancellationToken).ConfigureAwait(false);
            _dressing.CopyEnvironmentFiles(path);
            _worktrees[path] = new ChunkWorktree(path, snapshot, linked, slot);
            return new ChunkWorkspace(path, kind);
        }
        catch
        {
            if (slot is not null)
            {
                WorktreePool.Release(slot);
            }

            throw;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> UncommittedInSessionTreeAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
        {
            return [];
        }

        var status = await _git.RunAsync(_sessionTree, ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", .. paths], cancellationToken).ConfigureAwait(false);
        if (status.ExitCode != 0)
        {
            return [];
        }

        // Entries are "XY path"; a rename or copy is followed by its source path as an entry of its own.
        var changed = new List<string>();
        var entries = status.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            if (entry.Length < 4)
            {
                continue;
            }

            changed.Add(entry[3..]);
            if (entry[0] is 'R' or 'C')
            {
                i++;
            }
        }

        return changed;
    }

    /// <inheritdoc />
    public async Task<WorkspaceCompletion> CompleteAsync(ChunkWorkspace workspace, PlannedChunk chunk, ExecutorOutput executorOutput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(chunk);
        if (!_worktrees.TryGetValue(workspace.WorkingDirectory, out var worktree))
        {
            throw new InvalidOperationException($"{workspace.WorkingDirectory} is not a worktree of this run");
        }

        var result = await CommitAttemptAsync(worktree, chunk, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> changed = result == worktree.Snapshot
            ? []
            : await _committer.ChangedPathsAsync(worktree.Path, worktree.Snapshot, result, cancellationToken).ConfigureAwait(false);
        var outOfScope = ChunkScope.OutOfScope(changed, chunk.Files);
        if (outOfScope.Count > 0)
        {
            return new WorkspaceCompletion([], outOfScope, null);
        }

        if (changed.Count == 0)
        {
            return new WorkspaceCompletion([], [], null);
        }

        await _sessionTreeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Only the chunk's paths matter to the apply: the session tree's state of those, not a walk of the whole tree.
            var treeId = await _snapshotter.WriteTreeOfPathsAsync(changed, _dressing.SymlinkedFolders(_sessionTree), cancellationToken).ConfigureAwait(false);
            var current = await _committer.CommitTreeAsync(_sessionTree, treeId, worktree.Snapshot, $"orchestrator: session tree before applying {chunk.Id}", cancellationToken).ConfigureAwait(false);
            var applied = await _applier.ApplyAsync(_sessionTree, current, result, cancellationToken).ConfigureAwait(false);
            if (!applied.Applied)
            {
                var paths = applied.ConflictedPaths.Count > 0 ? applied.ConflictedPaths : changed;
                return new WorkspaceCompletion(paths, [], $"git apply --3way conflicted on {string.Join(", ", paths)}: {applied.Detail}; chunk {chunk.Id}'s change was not applied");
            }
        }
        finally
        {
            _sessionTreeGate.Release();
        }

        return new WorkspaceCompletion(changed, [], null);
    }

    /// <summary>
    /// The attempt's commit (the snapshot itself when nothing changed): one <c>git status</c> names what the agent
    /// changed and only those paths are hashed, and a pool slot keeps that list for its next reset. When the agent moved
    /// HEAD or the status fails, the whole tree is read as before.
    /// </summary>
    private async Task<string> CommitAttemptAsync(ChunkWorktree worktree, PlannedChunk chunk, CancellationToken cancellationToken)
    {
        var message = $"orchestrator: {chunk.Id}";
        var head = await _git.ResolveCommitAsync(worktree.Path, "HEAD", cancellationToken).ConfigureAwait(false);
        var status = head == worktree.Snapshot ? await _git.RunAsync(worktree.Path, WorktreeChanges.StatusArguments, cancellationToken).ConfigureAwait(false) : null;
        if (status is { Succeeded: true })
        {
            var changes = WorktreeChanges.Parse(status.StandardOutput).Without(worktree.LinkedFolders);
            _worktrees[worktree.Path] = worktree with { Changes = changes };
            var recorded = changes.Recorded.Distinct(StringComparer.Ordinal).ToList();
            if (recorded.Count == 0)
            {
                return worktree.Snapshot;
            }

            if (await _committer.CommitPathsAsync(worktree.Path, worktree.Snapshot, message, recorded, cancellationToken).ConfigureAwait(false) is { } commit)
            {
                return commit;
            }
        }

        // The worktree's own index (copied) knows every file of the snapshot: only what the agent touched is re-hashed.
        return await _committer.CommitAsync(worktree.Path, worktree.Snapshot, message, worktree.LinkedFolders, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task ReleaseAsync(ChunkWorkspace workspace, PlannedChunk chunk, CancellationToken cancellationToken) => RemoveAsync(workspace);

    /// <inheritdoc />
    public Task DiscardAsync(ChunkWorkspace workspace, PlannedChunk chunk, CancellationToken cancellationToken) => RemoveAsync(workspace);

    private async Task RemoveAsync(ChunkWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (!_worktrees.TryRemove(workspace.WorkingDirectory, out var worktree))
        {
            return;
        }

        if (worktree.Slot is not null)
        {
            // The slot goes back as it is, with what the attempt changed in it: the next attempt that claims it undoes
            // those paths and moves it to its own snapshot.
            if (worktree.Changes is { } changes)
            {
                WorktreeChangeRecord.Write(worktree.Path, worktree.Snapshot, changes);
            }
            else
            {
                WorktreeChangeRecord.Forget(worktree.Path);
            }

            WorktreePool.Release(worktree.Slot);
            return;
        }

        // Removal must finish even while the run is being cancelled: no token.
        await _janitor.RemoveWorktreeAsync(_chunkRoot, _sessionTree, worktree.Path, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>An attempt's worktree; <see cref="Changes"/> once its diff was read (what a pool slot's next reset undoes).</summary>
    private sealed record ChunkWorktree(string Path, string Snapshot, IReadOnlyList<string> LinkedFolders, PooledWorktree? Slot, WorktreeChanges? Changes = null);
}
