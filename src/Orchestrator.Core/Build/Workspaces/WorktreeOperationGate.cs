using System.Collections.Concurrent;

namespace Orchestrator.Core.Build.Workspaces;

/// <summary>
/// Serialises <c>git worktree add/remove/prune</c> per repository: started at the same instant in one repository they
/// fail about 1 in 10 ("failed to read .../commondir"), since each rewrites the shared worktree bookkeeping. In this
/// process a semaphore per repository; across processes (detached runs, workers) an exclusive lock on a file beside
/// the repository's chunk worktrees, held while the operation runs.
/// </summary>
public static class WorktreeOperationGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(25);

    /// <summary>The lock file, in the folder that holds the repository's chunk worktrees and pool.</summary>
    public const string LockFileName = ".so-worktree-ops.lock";

    /// <summary>Runs <paramref name="operation"/> alone among worktree operations on the repository of <paramref name="chunkRoot"/>.</summary>
    public static async Task<T> RunAsync<T>(string chunkRoot, Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var folder = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(chunkRoot)))!;
        var gate = Gates.GetOrAdd(folder, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(folder);
            using var fileLock = await LockAsync(Path.Combine(folder, LockFileName), cancellationToken).ConfigureAwait(false);
            return await operation().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Runs <paramref name="operation"/> alone among worktree operations on the repository of <paramref name="chunkRoot"/>.</summary>
    public static Task RunAsync(string chunkRoot, Func<Task> operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return RunAsync(chunkRoot, async () =>
        {
            await operation().ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    private static async Task<FileStream> LockAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive flock on Unix: another process holding it makes this throw.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
