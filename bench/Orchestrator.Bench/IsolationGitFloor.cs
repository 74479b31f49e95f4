using System.Diagnostics;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Git;
using Orchestrator.Core.Processes;

namespace Orchestrator.Bench;

/// <summary>
/// The raw <c>git</c> floor under the isolation benchmark, on the same repository in the same run: adding and removing
/// a worktree (the add writes every file: a full checkout), moving an existing checkout to a commit one file away
/// (<c>checkout --detach --force</c> or <c>reset --hard</c>, each with <c>clean -ffdx</c>: they rewrite that one file,
/// so they are not the same operation as the add), a status walk, and a snapshot of the session tree after one edit: the old
/// way (copy the tree's index, <c>add -A</c>, <c>write-tree</c>) against the index kept for the run.
/// </summary>
internal static class IsolationGitFloor
{
    private const int Runs = 3;

    public sealed record Figures(double AddMs, double RemoveMs, double CheckoutCleanMs, double ResetCleanMs, double StatusMs, double SnapshotFreshIndexMs, double SnapshotKeptIndexMs, long CheckoutBytes);

    public static async Task<Figures> MeasureAsync(string repo, CancellationToken cancellationToken)
    {
        var git = new GitCli(new ProcessRunner());
        var worktree = repo + "-floor";
        var head = IsolationRepositories.Git(repo, "rev-parse", "HEAD").Trim();
        File.WriteAllText(Path.Combine(repo, "src", "d000", "f000.txt"), "edited for the floor\n");
        var other = await new WorkingTreeCommitter(git).CommitAsync(repo, null, "floor", [], cancellationToken);
        IsolationRepositories.Git(repo, "checkout", "--", ".");

        var add = await TimeAsync(() => git.RunAsync(repo, ["worktree", "add", "--detach", "--force", worktree, head], cancellationToken));
        Directory.CreateSymbolicLink(Path.Combine(worktree, "node_modules"), Path.Combine(repo, "node_modules"));
        var targets = new[] { other, head };
        var checkout = await MedianAsync(async i =>
        {
            await git.RunAsync(worktree, ["checkout", "--quiet", "--detach", "--force", targets[i % 2]], cancellationToken);
            await git.RunAsync(worktree, ["clean", "-ffdxq", "-e", "/node_modules"], cancellationToken);
        }, before: () => File.WriteAllText(Path.Combine(worktree, "stray.txt"), "left by an agent\n"));
        var reset = await MedianAsync(async i =>
        {
            await git.RunAsync(worktree, ["reset", "--quiet", "--hard", targets[i % 2]], cancellationToken);
            await git.RunAsync(worktree, ["clean", "-ffdxq", "-e", "/node_modules"], cancellationToken);
        }, before: () => File.WriteAllText(Path.Combine(worktree, "stray.txt"), "left by an agent\n"));
        var status = await MedianAsync(_ => git.RunAsync(worktree, ["status", "--porcelain", "-z", "--no-renames"], cancellationToken), before: null);
        var checkoutBytes = CheckoutBytes(repo);
        var remove = await TimeAsync(() => new ChunkWorktreeJanitor(git).RemoveWorktreeAsync(repo + "-worktrees", repo, worktree, cancellationToken));

        var edit = Path.Combine(repo, "src", "d001", "f001.txt");
        var fresh = await MedianAsync(_ => new WorkingTreeCommitter(git).CommitAsync(repo, null, "fresh index", [], cancellationToken), before: () => File.AppendAllText(edit, "one more line\n"));
        var index = Path.Combine(Path.GetTempPath(), $"so-bench-index-{Guid.NewGuid():N}");
        var kept = new SessionTreeSnapshotter(git, repo, index);
        await kept.WriteTreeAsync([], cancellationToken);
        var incremental = await MedianAsync(_ => kept.WriteTreeAsync([], cancellationToken), before: () => File.AppendAllText(edit, "one more line\n"));
        File.Delete(index);
        IsolationRepositories.Git(repo, "checkout", "--", ".");
        return new Figures(add, remove, checkout, reset, status, fresh, incremental, checkoutBytes);
    }

    public static void Print(IReadOnlyList<(int Files, Figures Figures)> floors)
    {
        Console.WriteLine($"git floor (median of {Runs} runs; add and remove once):");
        Console.WriteLine();
        // Only "worktree add" writes every file of the tree (a full checkout); the moves of an existing checkout rewrite one file.
        Console.WriteLine("| repository | worktree add (full checkout: writes every file) | worktree remove | move an existing checkout: checkout --force + clean | same: reset --hard + clean | status (walk) | snapshot, fresh index | snapshot, kept index | checkout size |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var (files, f) in floors)
        {
            Console.WriteLine($"| {files:N0} files | {f.AddMs:0} ms | {f.RemoveMs:0} ms | {f.CheckoutCleanMs:0} ms | {f.ResetCleanMs:0} ms | {f.StatusMs:0} ms | {f.SnapshotFreshIndexMs:0} ms | {f.SnapshotKeptIndexMs:0} ms | {f.CheckoutBytes / 1024.0 / 1024:0} MB |");
        }
    }

    /// <summary>The disk a checkout of <paramref name="repo"/> takes (files in 4 KiB blocks, without .git and node_modules) plus its index.</summary>
    public static long CheckoutBytes(string repo)
    {
        var files = Directory.EnumerateFiles(repo, "*", new EnumerationOptions { RecurseSubdirectories = true })
            .Where(f => !f.Contains("/.git/", StringComparison.Ordinal) && !f.Contains("/node_modules/", StringComparison.Ordinal))
            .Sum(f => (new FileInfo(f).Length + 4095) / 4096 * 4096);
        return files + new FileInfo(Path.Combine(repo, ".git", "index")).Length;
    }

    private static async Task<double> TimeAsync(Func<Task> operation)
    {
        var watch = Stopwatch.StartNew();
        await operation();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static async Task<double> MedianAsync(Func<int, Task> operation, Action? before)
    {
        var times = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            before?.Invoke();
            times.Add(await TimeAsync(() => operation(i)));
        }

        return IsolationRun.Median(times);
    }
}
