using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Cluster.Coordinator;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Git;
using Orchestrator.Core.Options;
using Orchestrator.Core.Processes;
using Orchestrator.Testing;
using Orchestrator.Testing.Cluster;
using Orchestrator.Core.Build.Journal.Events;

namespace Orchestrator.Bench;

/// <summary>
/// Cluster mode's scaling: a build of independent chunks whose agents sleep a known time, on 1, 2 and 3 worker
/// processes (each limited to 2 agents at once, redis-server on loopback), with the real build loop, worktree
/// isolation and code moving through a bare file:// remote. Makespan = first executor attempt.started to last executor
/// attempt.finished; ideal = ceil(chunks / (2 x workers)) x sleep.
/// </summary>
internal static class ClusterBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var chunks = Argument(args, "--chunks", 12);
        var sleep = Argument(args, "--sleep", 5);
        var dll = Path.Combine(AppContext.BaseDirectory, "Orchestrator.McpServer.dll");
        Console.WriteLine($"{chunks} independent chunks, agents sleep {sleep} s, 2 agents per worker");
        Console.WriteLine("| workers | slots | makespan (s) | ideal (s) | vs ideal | workers used |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var workers in new[] { 1, 2, 3 })
        {
            await using var cluster = await LocalCluster.StartAsync(dll, CancellationToken.None);
            await Task.WhenAll(Enumerable.Range(1, workers).Select(i => cluster.StartWorkerAsync($"w{i}", 2, TimeSpan.FromMinutes(3), CancellationToken.None)));
            var (makespan, used) = await BuildAsync(cluster, chunks, sleep);
            var ideal = Math.Ceiling(chunks / (2.0 * workers)) * sleep;
            Console.WriteLine($"| {workers} | {2 * workers} | {makespan.TotalSeconds:0.0} | {ideal:0.0} | {(makespan.TotalSeconds / ideal - 1) * 100:+0.0;-0.0}% | {used} |");
        }

        return 0;
    }

    private static async Task<(TimeSpan Makespan, int WorkersUsed)> BuildAsync(LocalCluster cluster, int chunks, int sleep)
    {
        using var repository = TempGitRepository.Create();
        var remote = Path.Combine(cluster.Directory, "remote.git");
        TempGitRepository.GitIn(cluster.Directory, "init", "--bare", "--quiet", remote);
        var options = new OrchestratorOptions
        {
            Runners = new RunnersOptions { Command = new CommandRunnerOptions { Executable = "sh", Args = SleepingAgentScript.Args(sleep) } },
            Cluster = new ClusterOptions { Membership = cluster.Membership, GitRemote = new Uri(remote).AbsoluteUri },
        };
        var git = new GitCli(new ProcessRunner());
        await using var factory = new ClusterAgentRunnerFactory(new AgentRunnerFactory(), new ClusterBoard(), null,
            name => name == "ORCHESTRATOR_CLUSTER_SECRET" ? cluster.Secret : null, NullLoggerFactory.Instance, git, TimeProvider.System);
        var runner = factory.CreateForBuild(RunnerKind.Command, options, factory.ClusterFor(options), "bench", "r1");
        if (!runner.Succeeded)
        {
            throw new InvalidOperationException(runner.Error.Message);
        }

        var runDirectory = Path.Combine(repository.Root, ".orchestrator", "runs", "r1");
        var loop = new BuildLoop(runner.Value, TimeProvider.System, new WorktreeWorkspaceProvider(git, "bench", "r1", repository.Root, repository.Root, options));
        var input = BuildRunInput.FromChunks("bench", "sleep", false,
            [.. Enumerable.Range(1, chunks).Select(i => TestChunks.Chunk($"chunk-{i}", files: [$"src/chunk-{i}.txt"]))]);
        var stopwatch = Stopwatch.StartNew();
        var result = await loop.RunAsync(new BuildRunRequest("r1", runDirectory, repository.Root, input, new BuildOptions { MaxParallel = 0 }), null, CancellationToken.None);
        if (result.Status != BuildRunStatus.Completed || result.PerChunk.Any(c => !c.Ok))
        {
            throw new InvalidOperationException($"the cluster build did not complete: {result.StopReason}");
        }

        var events = RunJournal.ReadEvents(runDirectory);
        var first = events.OfType<AttemptStarted>().Where(e => e.Role == AgentRole.Executor).Min(e => e.Timestamp);
        var finished = events.OfType<AttemptFinished>().Where(e => e.Role == AgentRole.Executor).ToList();
        var used = finished.Select(e => e.Worker).Distinct().Count();
        return (finished.Max(e => e.Timestamp) - first, used);
    }

    private static int Argument(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
    }
}
