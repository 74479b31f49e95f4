using System.Collections.Concurrent;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Git;
using Orchestrator.Core.Options;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Build.Workspaces;

/// <summary>
/// Worktree isolation (the default): each attempt runs in its own <c>git worktree</c> at a snapshot commit of the
/// session tree (recorded under <c>refs/so-snapshots/&lt;sessionId&gt;/</c> without touching the user's index or
/// branch), outside the repository, with heavy ignored folders symlinked. Afterwards the attempt's changes, new
/// untracked files included, are checked against the chunk's files: out-of-scope edits are a scope violation and
/// nothing is applied; otherwise they are merged three-way into the session tree, where a conflict is a blocker,
/// never an overwrite. Snapshots and merges of the session tree are serialised.
/// </summary>
public sealed class WorktreeWorkspaceProvider : IChunkWorkspaceProvider
{
    private readonly IGit _git;
    private readonly string _sessionId;
    private readonly string _sessionTree;
    private readonly string _runFolder;
    private readonly OrchestratorOptions _options;
    private readonly WorkingTreeCommitter _committer;
    private readonly ThreeWayApplier _applier;
    private readonly ChunkWorktreeJanitor _janitor;
    private readonly SemaphoreSlim _sessionTreeGate = new(1, 1);
    private readonly ConcurrentDictionary<string, ChunkWorktree> _worktrees = new(StringComparer.Ordinal);

    /// <summary>Creates the provider for one run.</summary>
    public WorktreeWorkspaceProvider(IGit git, string sessionId, string runId, string mainWorkTreeRoot, string sessionTree, OrchestratorOptions options)
    {
        _git = git;
        _sessionId = sessionId;
        _sessionTree = sessionTree;
        _options = options;
        _runFolder = ChunkWorktreeLocations.RunFolder(mainWorkTreeRoot, options, sessionId, runId);
        _committer = new WorkingTreeCommitter(git);
        _applier = new ThreeWayApplier(git);
        _janitor = new ChunkWorktreeJanitor(git);
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
        return PrepareAsync(chunk, $"attempt {attempt}", SnapshotRef(_sessionId, chunk, attempt), attempt.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<ChunkWorkspace?> PrepareReviewAsync(PlannedChunk chunk, int iteration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        // No snapshot ref: the review tree is thrown away, nothing needs to find its base again.
        return await PrepareAsync(chunk, $"review {iteration}", null, $"review{iteration}", cancellationToken).ConfigureAwait(false);
    }

    private async Task<ChunkWorkspace> PrepareAsync(PlannedChunk chunk, string what, string? snapshotRef, string label, CancellationToken cancellationToken)
    {
        string snapshot;
        await _sessionTreeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            snapshot = await _committer.CommitAsync(_sessionTree, null, $"orchestrator snapshot before {chunk.Id} {what}", SymlinkedFolders(_sessionTree), cancellationToken).ConfigureAwait(false);
            if (snapshotRef is not null)
            {
                await _committer.UpdateRefAsync(_sessionTree, snapshotRef, snapshot, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _sessionTreeGate.Release();
        }

        if (!File.Exists(Path.Combine(_runFolder, ChunkWorktreeLocations.OwnerFileName)))
        {
            ChunkWorktreeJanitor.ClaimRunFolder(_runFolder);
        }

        var path = Path.Combine(_runFolder, $"{ChunkWorktreeLocations.Safe(chunk.Id)}-{label}-{Guid.NewGuid().ToString("N")[..6]}");
        GitCommandException.ThrowIfFailed(
            await WorktreeAdd.RunAsync(_git, _sessionTree, ["worktree", "add", "--detach", "--force", path, snapshot], cancellationToken).ConfigureAwait(false),
            $"git worktree add for chunk {chunk.Id}");
        var linked = await LinkHeavyFoldersAsync(path, cancellationToken).ConfigureAwait(false);
        CopyEnvironmentFiles(path);
        _worktrees[path] = new ChunkWorktree(path, snapshot, linked);
        return new ChunkWorkspace(path);
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

        var result = await _committer.CommitAsync(worktree.Path, worktree.Snapshot, $"orchestrator: {chunk.Id}", worktree.LinkedFolders, cancellationToken).ConfigureAwait(false);
        var changed = await _committer.ChangedPathsAsync(worktree.Path, worktree.Snapshot, result, cancellationToken).ConfigureAwait(false);
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
            var current = await _committer.CommitAsync(_sessionTree, worktree.Snapshot, $"orchestrator: session tree before applying {chunk.Id}", SymlinkedFolders(_sessionTree), cancellationToken).ConfigureAwait(false);
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

    /// <inheritdoc />
    public Task ReleaseAsync(ChunkWorkspace workspace, PlannedChunk chunk, CancellationToken cancellationToken) => RemoveAsync(workspace);

    /// <inheritdoc />
    public Task DiscardAsync(ChunkWorkspace workspace, PlannedChunk chunk, CancellationToken cancellationToken) => RemoveAsync(workspace);

    private async Task RemoveAsync(ChunkWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (_worktrees.TryRemove(workspace.WorkingDirectory, out var worktree))
        {
            // Removal must finish even while the run is being cancelled: no token.
            await _janitor.RemoveWorktreeAsync(_sessionTree, worktree.Path, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private List<string> SymlinkedFolders(string tree) =>
        _options.SymlinkFolders.Where(folder => IsSafeFolderName(folder) && new DirectoryInfo(Path.Combine(tree, folder)).LinkTarget is not null).ToList();

    private async Task<IReadOnlyList<string>> LinkHeavyFoldersAsync(string worktree, CancellationToken cancellationToken)
    {
        var linked = new List<string>();
        foreach (var folder in _options.SymlinkFolders.Where(IsSafeFolderName))
        {
            var source = Path.Combine(_sessionTree, folder);
            var target = Path.Combine(worktree, folder);
            if (!Directory.Exists(source) || Path.Exists(target))
            {
                continue;
            }

            // Only ignored folders (or the session's own links to them): a tracked build/ is part of the checkout.
            var isLink = new DirectoryInfo(source).LinkTarget is not null;
            if (!isLink && !await _git.IsIgnoredAsync(_sessionTree, folder, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            Directory.CreateSymbolicLink(target, Path.GetFullPath(new DirectoryInfo(source).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? source));
            linked.Add(folder);
        }

        return linked;
    }

    private void CopyEnvironmentFiles(string worktree)
    {
        foreach (var pattern in _options.CopyFiles.Where(p => !p.Contains('/', StringComparison.Ordinal) && !p.Contains("..", StringComparison.Ordinal)))
        {
            foreach (var file in Directory.EnumerateFiles(_sessionTree, pattern))
            {
                var target = Path.Combine(worktree, Path.GetFileName(file));
                if (!File.Exists(target))
                {
                    File.Copy(file, target);
                }
            }
        }
    }

    private static bool IsSafeFolderName(string folder) =>
        folder.Length > 0 && !folder.Contains("..", StringComparison.Ordinal) && !Path.IsPathRooted(folder);

    private sealed record ChunkWorktree(string Path, string Snapshot, IReadOnlyList<string> LinkedFolders);
}
