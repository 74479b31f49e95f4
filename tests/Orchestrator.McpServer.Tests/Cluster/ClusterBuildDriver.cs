using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Cluster.Coordinator;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Git;
using Orchestrator.Core.Options;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Processes;
using Orchestrator.Testing;
using Orchestrator.Testing.Cluster;

namespace Orchestrator.McpServer.Tests.Cluster;

/// <summary>
/// The coordinator side of the cluster tests: the real build loop with worktree isolation over a temporary repository,
/// its agents placed on the <see cref="LocalCluster"/>'s workers through the cluster runner factory, and the code moving
/// through a bare <c>file://</c> remote.
/// </summary>
internal sealed class ClusterBuildDriver : IAsyncDisposable
{
    private readonly ClusterAgentRunnerFactory _factory;

    public ClusterBuildDriver(LocalCluster cluster, double agentSeconds)
    {
        Repository = TempGitRepository.Create();
        Remote = Path.Combine(cluster.Directory, "remote.git");
        TempGitRepository.GitIn(cluster.Directory, "init", "--bare", "--quiet", Remote);
        Options = new OrchestratorOptions
        {
            DefaultRunner = "command",
            Runners = new RunnersOptions { Command = new CommandRunnerOptions { Executable = "sh", Args = SleepingAgentScript.Args(agentSeconds) } },
            Cluster = new ClusterOptions { Membership = cluster.Membership, GitRemote = new Uri(Remote).AbsoluteUri, RequireLabels = new() { ["os"] = "linux" } },
        };
        _factory = new ClusterAgentRunnerFactory(new AgentRunnerFactory(), Board, null,
            name => name == "ORCHESTRATOR_CLUSTER_SECRET" ? cluster.Secret : null, NullLoggerFactory.Instance, new GitCli(new ProcessRunner()), TimeProvider.System);
    }

    public TempGitRepository Repository { get; }

    public string Remote { get; }

    public OrchestratorOptions Options { get; }

    public ClusterBoard Board { get; } = new();

    public string RunDirectory => Path.Combine(Repository.Root, ".orchestrator", "runs", "r1");

    /// <summary>Chunks <c>chunk-1</c>..<c>chunk-n</c>, one file each, no dependencies.</summary>
    public static IReadOnlyList<ChunkDefinition> Chunks(int count) =>
        [.. Enumerable.Range(1, count).Select(i => TestChunks.Chunk($"chunk-{i}", files: [$"src/chunk-{i}.txt"]))];

    public async Task<BuildRunResult> RunAsync(int chunks, int maxParallel, CancellationToken cancellationToken)
    {
        var runner = _factory.CreateForBuild(RunnerKind.Command, Options, _factory.ClusterFor(Options), "s1", "r1");
        if (!runner.Succeeded)
        {
            throw new InvalidOperationException(runner.Error.Message);
        }

        var workspaces = new WorktreeWorkspaceProvider(new GitCli(new ProcessRunner()), "s1", "r1", Repository.Root, Repository.Root, Options);
        var loop = new BuildLoop(runner.Value, TimeProvider.System, workspaces);
        var input = BuildRunInput.FromChunks("cluster test", "write one file per chunk", false, Chunks(chunks));
        return await loop.RunAsync(new BuildRunRequest("r1", RunDirectory, Repository.Root, input, new BuildOptions { MaxParallel = maxParallel, AgentTimeout = TimeSpan.FromMinutes(3) }),
            null, cancellationToken);
    }

    /// <summary>
    /// Waits until the coordinator can place attempts on every one of <paramref name="names"/>. A worker prints
    /// "joined" once it is a member, but the other silos learn of it (membership gossip, its grain manifest) a little
    /// later; until then its worker grain cannot be activated and it offers no capacity, so a short build may finish
    /// on the others without it.
    /// </summary>
    public async Task WaitForWorkersAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        while (true)
        {
            var seen = await _factory.WorkersAsync(Options, cancellationToken);
            Assert.True(seen.Succeeded, seen.Error?.Message);
            if (names.All(name => seen.Value!.Any(w => w.Name == name)))
            {
                return;
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>The executors' attempt.finished events.</summary>
    public IReadOnlyList<JsonElement> ExecutorAttempts() =>
        // Read from the file as written, so the test checks the journal's own fields (worker, lostWorkers).
        [.. File.ReadLines(Path.Combine(RunDirectory, "events.jsonl"))
            .Where(line => line.Length > 0)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.GetProperty("type").GetString() == RunEventTypes.AttemptFinished && string.Equals(e.GetProperty("role").ToString(), "executor", StringComparison.OrdinalIgnoreCase))];

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        Repository.Dispose();
    }
}
