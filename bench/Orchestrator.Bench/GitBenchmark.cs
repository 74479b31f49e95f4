using System.Diagnostics;
using Orchestrator.Core.Git;
using Orchestrator.Core.Processes;
using Orchestrator.Testing;

namespace Orchestrator.Bench;

/// <summary>
/// In-process libgit2 (<see cref="LibGit"/> for what it won, <see cref="LibGitCandidates"/> for what it lost) against the <c>git</c> CLI (<see cref="GitCli"/>, one process per call)
/// for each git operation the engine runs on a hot path, on a small repository and on a generated 50,000-file one
/// (each with 20 edited files, 10 new files and an ignored one). Median wall time of several runs after a warm-up;
/// each pair is also checked to give the same answer (for snapshots: the same tree).
/// </summary>
internal static class GitBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = IntArg(args, "--runs", 7);
        var largeFiles = IntArg(args, "--files", 50_000);
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, {TempGitRepository.GitIn(Path.GetTempPath(), "--version").Trim()}");
        Console.WriteLine($"median of {runs} runs after 1 warm-up; times in ms");
        Console.WriteLine();
        Console.WriteLine("| repository | operation | git CLI | libgit2 | same answer |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (label, files) in new[] { ("small (20 files)", 20), ($"large ({largeFiles:N0} files)", largeFiles) })
        {
            using var repo = Generate(files);
            await MeasureAsync(label, repo, runs);
        }

        return 0;
    }

    private static async Task MeasureAsync(string label, TempGitRepository repo, int runs)
    {
        var cli = new GitCli(new ProcessRunner());
        var lib = new LibGit();
        var ct = CancellationToken.None;
        var root = repo.Root;
        void Row(string operation, double cliMs, double libMs, bool same) =>
            Console.WriteLine($"| {label} | {operation} | {cliMs:0.0} | {libMs:0.0} | {(same ? "yes" : "NO")} |");

        var cliStatus = await cli.GetStatusAsync(root, ct);
        var libStatus = LibGitCandidates.GetStatus(root);
        Row("status (porcelain, untracked=all)",
            await MedianAsync(runs, () => cli.GetStatusAsync(root, ct)), await MedianAsync(runs, () => Task.FromResult(LibGitCandidates.GetStatus(root))),
            cliStatus.Staged.SequenceEqual(libStatus.Staged) && cliStatus.Unstaged.SequenceEqual(libStatus.Unstaged) && cliStatus.Untracked.SequenceEqual(libStatus.Untracked));

        Row("rev-parse HEAD^{commit}",
            await MedianAsync(runs, () => cli.ResolveCommitAsync(root, "HEAD", ct)), await MedianAsync(runs, () => Task.FromResult(lib.ResolveCommit(root, "HEAD"))),
            await cli.ResolveCommitAsync(root, "HEAD", ct) == lib.ResolveCommit(root, "HEAD"));

        var cliSnapshot = await CliSnapshot.CommitAsync(cli, root, "bench snapshot", ct);
        var libSnapshot = LibGitCandidates.CommitWorkingTree(root, "bench snapshot");
        Row("snapshot commit (temp index, add -A)",
            await MedianAsync(runs, () => CliSnapshot.CommitAsync(cli, root, "bench snapshot", ct)),
            await MedianAsync(runs, () => Task.FromResult(LibGitCandidates.CommitWorkingTree(root, "bench snapshot"))),
            repo.Git("rev-parse", cliSnapshot + "^{tree}") == repo.Git("rev-parse", libSnapshot + "^{tree}"));

        var head = lib.ResolveCommit(root, "HEAD")!;
        var cliPaths = await CliChangedPathsAsync(cli, root, head, libSnapshot, ct);

        Row("diff --name-only snapshot vs HEAD",
            await MedianAsync(runs, () => CliChangedPathsAsync(cli, root, head, libSnapshot, ct)),
            await MedianAsync(runs, () => Task.FromResult(LibGitCandidates.ChangedPaths(root, head, libSnapshot))),
            cliPaths.SequenceEqual(LibGitCandidates.ChangedPaths(root, head, libSnapshot)));

        Row("update-ref (one snapshot ref)",
            await MedianAsync(runs, () => cli.RunAsync(root, ["update-ref", "refs/so-snapshots/bench/one", head], ct)),
            await MedianAsync(runs, () => { lib.UpdateRef(root, "refs/so-snapshots/bench/one", head); return Task.FromResult(0); }),
            true);

        for (var i = 0; i < 30; i++)
        {
            lib.UpdateRef(root, $"refs/so-snapshots/bench/r{i:00}", i % 2 == 0 ? head : libSnapshot);
        }

        var cliRefs = (await cli.RunAsync(root, ["for-each-ref", "--format=%(refname)", "refs/so-snapshots/"], ct)).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Row("list 31 snapshot refs with dates",
            await MedianAsync(runs, () => cli.RunAsync(root, ["for-each-ref", "--format=%(refname) %(committerdate:unix) %(*committerdate:unix)", "refs/so-snapshots/"], ct)),
            await MedianAsync(runs, () => Task.FromResult(lib.ListRefs(root, "refs/so-snapshots/"))),
            cliRefs.SequenceEqual(lib.ListRefs(root, "refs/so-snapshots/").Select(r => r.Name)));

        Row("delete 10 snapshot refs",
            await MedianAsync(runs, async () =>
            {
                foreach (var name in RefsToDelete(lib, root, head))
                {
                    await cli.RunAsync(root, ["update-ref", "-d", name], ct);
                }
            }, setup: () => RefsToDelete(lib, root, head)),
            await MedianAsync(runs, () =>
            {
                foreach (var name in RefsToDelete(lib, root, head))
                {
                    lib.DeleteRef(root, name, out _);
                }

                return Task.CompletedTask;
            }, setup: () => RefsToDelete(lib, root, head)),
            true);
    }

    private static List<string> RefsToDelete(LibGit lib, string root, string head)
    {
        var names = Enumerable.Range(0, 10).Select(i => $"refs/so-snapshots/gone/d{i}").ToList();
        foreach (var name in names)
        {
            lib.UpdateRef(root, name, head);
        }

        return names;
    }

    private static async Task<IReadOnlyList<string>> CliChangedPathsAsync(GitCli cli, string root, string from, string to, CancellationToken ct) =>
        (await cli.RunAsync(root, ["diff", "--name-only", "--no-renames", "-z", from, to, "--"], ct)).StandardOutput
            .Split('\0', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim('\n')).Where(p => p.Length > 0).ToList();

    /// <summary>A repository of <paramref name="files"/> committed files in folders of 200, then 20 edits, 10 new files and an ignored one.</summary>
    private static TempGitRepository Generate(int files)
    {
        var repo = TempGitRepository.Create();
        repo.WriteFile(".gitignore", "*.log\nbuild/\n");
        for (var i = 0; i < files; i++)
        {
            File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(repo.Root, "src", $"d{i / 200:000}")).FullName, $"f{i % 200:000}.txt"),
                $"file {i}\nline two of file {i}\n");
        }

        repo.Commit("generated");
        for (var i = 0; i < 20; i++)
        {
            File.AppendAllText(Path.Combine(repo.Root, "src", $"d{i * files / 20 / 200:000}", $"f{i * files / 20 % 200:000}.txt"), "edited\n");
        }

        for (var i = 0; i < 10; i++)
        {
            repo.WriteFile($"new/n{i}.txt", $"new {i}\n");
        }

        repo.WriteFile("build/out.log", "ignored\n");
        return repo;
    }

    private static async Task<double> MedianAsync<T>(int runs, Func<Task<T>> operation) => await MedianAsync(runs, async () => { await operation(); }, null);

    private static async Task<double> MedianAsync(int runs, Func<Task> operation, Func<object>? setup)
    {
        var times = new List<double>();
        for (var i = 0; i <= runs; i++)
        {
            setup?.Invoke();
            var watch = Stopwatch.StartNew();
            await operation();
            watch.Stop();
            if (i > 0)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        return times[times.Count / 2];
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) ? value : fallback;
    }
}
