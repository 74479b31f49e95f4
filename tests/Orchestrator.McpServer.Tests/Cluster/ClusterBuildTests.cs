using System.Text.Json;
using Orchestrator.Core.Build.Runs;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.McpServer.Tools.Results;
using Orchestrator.Testing.Cluster;

namespace Orchestrator.McpServer.Tests.Cluster;

/// <summary>
/// Cluster mode end to end on loopback: redis-server and three worker processes (the real <c>worker</c> subcommand),
/// the coordinator's build loop in this process, command-runner agents that sleep and write one file per chunk.
/// </summary>
public sealed class ClusterBuildTests
{
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_ten_chunk_build_lands_on_all_three_workers_and_leaves_exactly_the_expected_files()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        await using var cluster = await LocalCluster.StartAsync(ServerExecutable.DllPath, timeout.Token);
        await Task.WhenAll(new[] { "w1", "w2", "w3" }.Select(name => cluster.StartWorkerAsync(name, 2, JoinTimeout, timeout.Token)));
        await using var driver = new ClusterBuildDriver(cluster, agentSeconds: 1.5);

        var result = await driver.RunAsync(10, maxParallel: 6, timeout.Token);
        AssertCompleted(result, cluster, driver);

        Assert.Equal(BuildRunStatus.Completed, result.Status);
        Assert.Equal(10, result.PerChunk.Count(c => c.Ok));
        Assert.All(result.PerChunk, c => Assert.Equal(1, c.Attempts));
        var attempts = driver.ExecutorAttempts();
        Assert.Equal(10, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(1, a.GetProperty("attempt").GetInt32()));
        Assert.Equal(["w1", "w2", "w3"], attempts.Select(a => a.GetProperty("worker").GetString()).Distinct().Order());
        AssertRepositoryHoldsExactlyTheChunkFiles(driver, 10);
        Assert.Empty(RemoteRefs(driver));
    }

    [Fact]
    public async Task A_worker_killed_mid_attempt_has_its_attempt_placed_again_without_counting_it()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await using var cluster = await LocalCluster.StartAsync(ServerExecutable.DllPath, timeout.Token);
        await Task.WhenAll(new[] { "w1", "w2", "w3" }.Select(name => cluster.StartWorkerAsync(name, 2, JoinTimeout, timeout.Token)));
        await using var driver = new ClusterBuildDriver(cluster, agentSeconds: 8);

        var run = driver.RunAsync(6, maxParallel: 6, timeout.Token);
        while (driver.Board.View(null)?.Attempts.Any(a => a.Worker == "w3") != true)
        {
            Assert.False(run.IsCompleted, "the run ended before any attempt ran on w3");
            await Task.Delay(100, timeout.Token);
        }

        // What build_status shows while it runs: the three workers and where each attempt runs.
        var shown = ClusterToolResult.From(driver.Board, "r1")!;
        Assert.Equal(["w1", "w2", "w3"], shown.Workers.Select(w => w.Name).Order());
        Assert.Contains(shown.Attempts, a => a.Worker == "w3" && a.State == "running" && a.Role == "executor");

        cluster.Kill("w3");
        var result = await run;
        AssertCompleted(result, cluster, driver);

        Assert.Equal(BuildRunStatus.Completed, result.Status);
        Assert.Equal(6, result.PerChunk.Count(c => c.Ok));
        Assert.All(result.PerChunk, c => Assert.Equal(1, c.Attempts));
        var attempts = driver.ExecutorAttempts();
        Assert.Equal(6, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(1, a.GetProperty("attempt").GetInt32()));
        var replaced = attempts.Where(a => a.TryGetProperty("lostWorkers", out var lost) && lost.EnumerateArray().Any(w => w.GetString() == "w3")).ToList();
        Assert.NotEmpty(replaced);
        Assert.All(replaced, a => Assert.NotEqual("w3", a.GetProperty("worker").GetString()));
        AssertRepositoryHoldsExactlyTheChunkFiles(driver, 6);
    }

    /// <summary>A run that did not complete fails with what explains it: the board, the journal, the processes' last lines.</summary>
    private static void AssertCompleted(BuildRunResult result, LocalCluster cluster, ClusterBuildDriver driver)
    {
        if (result.Status != BuildRunStatus.Completed)
        {
            var logs = string.Join("\n", Directory.GetFiles(cluster.Directory, "*.out").Select(f => f + ":\n" + string.Join("\n", File.ReadAllLines(f).TakeLast(30))));
            var events = string.Join("\n", File.ReadLines(Path.Combine(driver.RunDirectory, "events.jsonl")));
            Assert.Fail($"run {result.Status}: {result.StopReason}\n{JsonSerializer.Serialize(driver.Board.View(null))}\n{events}\n{logs}");
        }
    }

    private static void AssertRepositoryHoldsExactlyTheChunkFiles(ClusterBuildDriver driver, int chunks)
    {
        var status = driver.Repository.Git("status", "--porcelain", "--untracked-files=all", "--", ".", ":(exclude).orchestrator")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[3..].Trim()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Enumerable.Range(1, chunks).Select(i => $"src/chunk-{i}.txt").Order(StringComparer.Ordinal), status);
        for (var i = 1; i <= chunks; i++)
        {
            Assert.Equal($"content of src/chunk-{i}.txt\n", File.ReadAllText(Path.Combine(driver.Repository.Root, "src", $"chunk-{i}.txt")));
        }
    }

    private static IReadOnlyList<string> RemoteRefs(ClusterBuildDriver driver) =>
        Orchestrator.Testing.TempGitRepository.GitIn(driver.Remote, "for-each-ref", "--format=%(refname)").Split('\n', StringSplitOptions.RemoveEmptyEntries);

}
