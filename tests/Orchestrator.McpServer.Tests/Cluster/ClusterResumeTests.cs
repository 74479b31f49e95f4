using System.Diagnostics;
using System.Text.Json;
using Orchestrator.McpServer.Tests.Detached;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;
using Orchestrator.Testing.Cluster;

namespace Orchestrator.McpServer.Tests.Cluster;

/// <summary>
/// A coordinator restart: the detached run worker (the run's coordinator) is killed while its attempts run on cluster
/// workers; build_resume starts a new coordinator, which takes the results of the attempts that finished meanwhile from
/// their result refs and re-attaches to those still running. No agent runs twice.
/// </summary>
public sealed class ClusterResumeTests
{
    private const int ChunkCount = 4;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_killed_coordinator_is_resumed_without_running_any_attempt_twice()
    {
        await using var cluster = await LocalCluster.StartAsync(ServerExecutable.DllPath, Ct);
        await Task.WhenAll(new[] { "w1", "w2", "w3" }.Select(name => cluster.StartWorkerAsync(name, 2, TimeSpan.FromSeconds(120), Ct)));
        var remote = Path.Combine(cluster.Directory, "remote.git");
        TempGitRepository.GitIn(cluster.Directory, "init", "--bare", "--quiet", remote);
        var agentLog = Path.Combine(cluster.Directory, "agents.log");
        using var repo = TempGitRepository.Create();
        repo.WriteFile(".orchestrator/config.yaml",
            "gates: client\nrunners:\n  command:\n    executable: sh\n    args: " + JsonSerializer.Serialize(AgentArgs(agentLog)) + "\n"
            + $"cluster:\n  git_remote: {JsonSerializer.Serialize(new Uri(remote).AbsoluteUri)}\n");
        await using var client = await ClusterServer.ConnectAsync(repo.Root, cluster.Membership, cluster.Secret, Ct);
        var root = repo.Root;
        var chunks = JsonSerializer.SerializeToElement(Enumerable.Range(1, ChunkCount)
            .Select(i => new { id = $"chunk-{i}", scope = $"write src/chunk-{i}.txt", files = new[] { $"src/chunk-{i}.txt" }, tests = false }));
        var sessionId = await PhaseFlow.ToApprovedBuildAsync(client, root, chunks, Ct);
        var runId = (await client.CallOkAsync("build_start",
            new() { ["session_id"] = sessionId, ["runner"] = "command", ["max_parallel"] = ChunkCount, ["project_root"] = root }, Ct)).GetProperty("run_id").GetString()!;

        // Every executor runs on a worker: kill the coordinator (-9), then let the short ones finish unobserved.
        await WaitUntilAsync(() => StartedAgents(agentLog).Count == ChunkCount, TimeSpan.FromMinutes(4));
        var coordinator = Assert.Single(ProcFs.WithArguments("run", "--run", runId));
        using (var process = Process.GetProcessById(coordinator))
        {
            process.Kill();
        }

        await WaitUntilAsync(() => ResultRefs(remote).Count >= 2, TimeSpan.FromMinutes(2));
        var interrupted = await WaitForStatusAsync(client, root, runId, "interrupted");
        var stillRunning = ChunkCount - ResultRefs(remote).Count;
        var resumed = await client.CallOkAsync("build_resume", new() { ["run_id"] = runId, ["project_root"] = root }, Ct);
        var end = await PhaseFlow.WaitForEndAsync(client, runId, root, Ct);

        var detail = $"{end}\n{string.Join("\n", File.ReadLines(Path.Combine(root, ".orchestrator", "runs", runId, "events.jsonl")))}";
        Assert.Equal("interrupted", interrupted);
        Assert.Equal("running", resumed.GetProperty("status").GetString());
        Assert.True(end.GetProperty("status").GetString() == "completed", detail);
        Assert.True(stillRunning > 0, "no attempt was still running when the run was resumed");
        // No agent ran twice: each chunk's agent started once, in all.
        Assert.Equal(Enumerable.Range(1, ChunkCount).Select(i => $"src/chunk-{i}.txt"), StartedAgents(agentLog).Order(StringComparer.Ordinal));
        Assert.All(end.GetProperty("chunks").EnumerateArray(), c => Assert.Equal(1, c.GetProperty("attempts").GetInt32()));
        var executors = File.ReadLines(Path.Combine(root, ".orchestrator", "runs", runId, "events.jsonl")).Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("type").GetString() == "attempt.finished" && e.GetProperty("role").ToString().Equals("executor", StringComparison.OrdinalIgnoreCase))
            .ToList();
        Assert.Equal(ChunkCount, executors.Count);
        Assert.All(executors, e => Assert.Equal(1, e.GetProperty("attempt").GetInt32()));
        // The results came back: the session tree holds exactly the chunks' files; the remote holds none of the cluster's refs.
        var tree = (await client.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = root }, Ct)).GetProperty("worktree_path").GetString()!;
        var files = TempGitRepository.GitIn(tree, "status", "--porcelain", "--untracked-files=all", "--", ".", ":(exclude).orchestrator")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[3..].Trim()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Enumerable.Range(1, ChunkCount).Select(i => $"src/chunk-{i}.txt").Order(StringComparer.Ordinal), files);
        Assert.All(files, f => Assert.Equal($"content of {f}\n", File.ReadAllText(Path.Combine(tree, f))));
        Assert.Empty(TempGitRepository.GitIn(remote, "for-each-ref", "--format=%(refname)").Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Executors of chunks 1-2 sleep briefly, the others long.</summary>
    private static string[] AgentArgs(string log) =>
        ClusterAgentScript.Args(log, "case \"$f\" in src/chunk-1.txt|src/chunk-2.txt) sleep 1;; *) sleep 40;; esac");

    private static List<string> StartedAgents(string log) => ClusterAgentScript.Started(log);

    private static List<string> ResultRefs(string remote) =>
        [.. TempGitRepository.GitIn(remote, "for-each-ref", "--format=%(refname)").Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(r => r.Contains("/result-", StringComparison.Ordinal))];

    private static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout) => ClusterAgentScript.WaitUntilAsync(condition, timeout, Ct);

    private static async Task<string> WaitForStatusAsync(ModelContextProtocol.Client.McpClient client, string root, string runId, string wanted)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            var status = (await client.CallOkAsync("build_status", new() { ["run_id"] = runId, ["project_root"] = root }, Ct)).GetProperty("status").GetString()!;
            if (status == wanted || DateTime.UtcNow > deadline)
            {
                return status;
            }

            await Task.Delay(500, Ct);
        }
    }
}
