using System.Diagnostics;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Runners.Command;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Journal.Events;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Git;
using Orchestrator.Core.Options;
using Orchestrator.Core.Processes;
using Orchestrator.Testing;

namespace Orchestrator.Bench;

/// <summary>
/// What chunk isolation costs as the repository grows (issue 16): 8 independent chunks at <c>max_parallel</c> 4 with
/// a command-runner agent that sleeps 2 s and writes one file (agent-only ideal: 4 s), on 1,000 / 10,000 / 50,000-file
/// synthetic repositories, with shared isolation, a fresh worktree per attempt and pooled worktrees (cold: the first
/// run builds the slots; warm: the next run reuses them). Wall time is run start to the last executor's end; the
/// per-attempt overhead outside the agent comes from the journal (workspace.preparing to workspace.released, minus
/// the agent's own time). Reviewers (one per chunk, after the executors) get review trees in the worktree modes: their
/// preparation and release are journalled under the review's key and reported apart, with the run's wall time to the
/// last reviewer; the child CPU covers the whole run, reviewers included. The raw <c>git</c> floor
/// (<see cref="IsolationGitFloor"/>) is measured in the same run.
/// </summary>
internal static class IsolationBenchmark
{
    private const int Chunks = 8;
    private const int MaxParallel = 4;

    // Reviewers answer at once (their schema asks for findings); executors sleep, write their chunk's file and say done.
    private const string AgentScript = """
        if grep -q '"findings"' "$2"; then echo '{"findings":[]}'; exit 0; fi
        sleep "$3"
        f=$(grep -o 'bench/c[0-9]*\.txt' "$1" | head -n 1)
        mkdir -p bench && echo "written by the agent of $f" > "$f"
        printf '{"status":"done","summary":"wrote %s","filesChanged":["%s"]}\n' "$f" "$f"
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = (Arg(args, "--sizes") ?? "1000,10000,50000").Split(',').Select(int.Parse).ToList();
        var modes = (Arg(args, "--modes") ?? "shared,fresh,pooled-cold,pooled-warm").Split(',').ToList();
        var sleep = double.Parse(Arg(args, "--sleep") ?? "2", System.Globalization.CultureInfo.InvariantCulture);
        var cache = Arg(args, "--cache") ?? Path.Combine(Path.GetTempPath(), "orchestrator-bench-isolation");
        Directory.CreateDirectory(cache);
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, {TempGitRepository.GitIn(cache, "--version").Trim()}, load {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"{Chunks} independent chunks, max_parallel {MaxParallel}, agent sleeps {sleep:0.#} s and writes one file: ideal {Math.Ceiling(Chunks / (double)MaxParallel) * sleep:0.#} s; repositories cached in {cache}");
        var results = new List<IsolationRun>();
        var floors = new List<(int Files, IsolationGitFloor.Figures Figures)>();
        foreach (var files in sizes)
        {
            var watch = Stopwatch.StartNew();
            var repo = IsolationRepositories.Prepare(cache, files);
            Console.WriteLine($"{files:N0} files: repository ready in {watch.Elapsed.TotalSeconds:0.0} s");
            floors.Add((files, await IsolationGitFloor.MeasureAsync(repo, CancellationToken.None)));
            foreach (var mode in modes)
            {
                if (mode != "pooled-warm")
                {
                    IsolationRepositories.Reset(repo);
                }
                else
                {
                    ResetKeepingPool(repo);
                }

                var run = await RunOnceAsync(cache, repo, files, mode, sleep);
                results.Add(run);
                Console.WriteLine($"  {mode}: {run.Wall.TotalSeconds:0.0} s ({run.WallWithReviews.TotalSeconds:0.0} s with reviews), overhead median {run.MedianOverheadMs:0} ms, prepare median {run.MedianPrepareMs:0} ms, review tree median {run.MedianReviewTreeMs:0} ms, child CPU {run.ChildCpuSeconds:0.00} s, load {run.LoadAtStart:0}");
            }

            IsolationRepositories.Reset(repo);
        }

        var ideal = Math.Ceiling(Chunks / (double)MaxParallel) * sleep;
        Console.WriteLine();
        Console.WriteLine("| repository | isolation | wall | vs ideal | overhead per attempt outside the agent (median / max) | workspace ready (median) | with reviews | review tree (median) | child CPU per chunk | max worktrees at once | extra disk | load at start |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            Console.WriteLine($"| {r.Files:N0} files | {r.Mode} | {r.Wall.TotalSeconds:0.0} s | {r.Wall.TotalSeconds / ideal:0.00}x | {r.MedianOverheadMs / 1000:0.00} s / {r.OverheadMs.DefaultIfEmpty().Max() / 1000:0.00} s | {r.MedianPrepareMs / 1000:0.00} s | {r.WallWithReviews.TotalSeconds:0.0} s | {(r.ReviewTreeMs.Count == 0 ? "none" : $"{r.MedianReviewTreeMs / 1000:0.00} s")} | {r.ChildCpuSeconds / Chunks:0.00} s | {r.MaxConcurrentWorktrees} | {r.ExtraDiskBytes / 1024.0 / 1024:0} MB | {r.LoadAtStart:0} |");
        }

        Console.WriteLine();
        IsolationGitFloor.Print(floors);
        return 0;
    }

    private static void ResetKeepingPool(string repo)
    {
        var chunks = Path.Combine(repo + "-worktrees", ChunkWorktreeLocations.FolderName);
        if (Directory.Exists(chunks))
        {
            Directory.Delete(chunks, recursive: true);
        }

        IsolationRepositories.Git(repo, "reset", "-q", "--hard", "HEAD");
        IsolationRepositories.Git(repo, "clean", "-fdq");
    }

    private static async Task<IsolationRun> RunOnceAsync(string cache, string repo, int files, string mode, double sleep)
    {
        var git = new GitCli(new ProcessRunner());
        var runId = $"bench-{mode}-{files}-{Guid.NewGuid().ToString("N")[..6]}";
        var runDirectory = Path.Combine(cache, "runs", runId);
        var options = new OrchestratorOptions { WorktreePool = new WorktreePoolOptions { Size = mode.StartsWith("pooled", StringComparison.Ordinal) ? MaxParallel : 0 } };
        IChunkWorkspaceProvider workspaces = mode == "shared"
            ? new ScopeCheckedSharedTreeWorkspaceProvider(git, repo, Path.Combine(runDirectory, "session.index"))
            : new WorktreeWorkspaceProvider(git, "bench", runId, repo, repo, options, MaxParallel);
        var runner = new CommandTemplateAgentRunner(new ProcessRunner(), "sh", new CommandRunnerOptions
        {
            Args = ["-c", AgentScript, "sh", "{prompt_file}", "{schema_file}", sleep.ToString(System.Globalization.CultureInfo.InvariantCulture)],
        });
        var chunks = Enumerable.Range(1, Chunks).Select(i => TestChunks.Chunk($"c{i}", files: [$"bench/c{i}.txt"])).ToList();
        var input = new BuildRunInput("isolation benchmark", "8 independent chunks", false, [chunks]);
        var load = double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        var cpuBefore = ChildCpuSeconds();
        var result = await new BuildLoop(runner, TimeProvider.System, workspaces)
            .RunAsync(new BuildRunRequest(runId, runDirectory, repo, input, new BuildOptions { MaxParallel = MaxParallel }), null, CancellationToken.None);
        if (result.PerChunk.Count(p => p.Ok) != Chunks)
        {
            throw new InvalidOperationException($"{mode} at {files} files: not every chunk succeeded ({result.StopReason}; {string.Join("; ", result.Attempts.Select(a => a.Reason))})");
        }

        var cpu = ChildCpuSeconds() - cpuBefore;
        return Measure(RunJournal.ReadEvents(runDirectory), repo, files, mode) with { ChildCpuSeconds = cpu, LoadAtStart = load };
    }

    /// <summary>CPU seconds (user + system) of this process's finished children: cutime and cstime of /proc/self/stat, in clock ticks of 1/100 s.</summary>
    private static double ChildCpuSeconds()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 16 and 17 of stat(5); after the ")" the list starts at field 3.
        return (long.Parse(fields[13], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[14], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
    }

    private static IsolationRun Measure(IReadOnlyList<RunEvent> events, string repo, int files, string mode)
    {
        var start = events.OfType<RunStarted>().First().Timestamp;
        var end = events.OfType<AttemptFinished>().Last(e => e.Role == AgentRole.Executor).Timestamp;
        var endWithReviews = events.OfType<AttemptFinished>().Last().Timestamp;
        var preparings = events.OfType<WorkspacePreparing>().ToDictionary(e => e.Key);
        var readies = events.OfType<WorkspaceReady>().ToDictionary(e => e.Key);
        var overhead = new List<double>();
        var prepare = new List<double>();
        var reviewTrees = new List<double>();
        var intervals = new List<(DateTimeOffset From, DateTimeOffset To)>();
        foreach (var released in events.OfType<WorkspaceReleased>())
        {
            var preparing = preparings[released.Key];
            if (!readies.TryGetValue(released.Key, out var ready))
            {
                continue;
            }

            if (released.Key.StartsWith("review:", StringComparison.Ordinal))
            {
                reviewTrees.Add((released.Timestamp - preparing.Timestamp).TotalMilliseconds - released.AgentMs);
            }
            else
            {
                overhead.Add((released.Timestamp - preparing.Timestamp).TotalMilliseconds - released.AgentMs);
                prepare.Add(ready.DurationMs);
            }

            if (ready.Kind != WorkspaceKind.SessionTree)
            {
                intervals.Add((preparing.Timestamp, released.Timestamp));
            }
        }

        var maxConcurrent = intervals.Count == 0 ? 0 : intervals.Max(i => intervals.Count(j => j.From <= i.From && i.From < j.To));
        var disk = maxConcurrent * IsolationGitFloor.CheckoutBytes(repo);
        return new IsolationRun(mode, files, end - start, endWithReviews - start, overhead, prepare, reviewTrees, maxConcurrent, disk, 0, 0);
    }

    private static string? Arg(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
