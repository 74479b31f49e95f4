using System.Diagnostics;
using System.Text.Json;
using Orchestrator.McpServer.Tests.Detached;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;
using Orchestrator.Testing.Cluster;

namespace Orchestrator.McpServer.Tests.Cluster;

/// <summary>
/// The cluster is kept with the run: a run started by a server with <c>--cluster</c> (config.yaml names none) and
/// resumed by a server started without it goes back to the same cluster, never to this machine; without the shared
/// secret the resume is refused, naming the variable to set. Close then removes the session's cluster refs, here and on
/// the cluster's git remote.
/// </summary>
public sealed class ClusterMembershipResumeTests
{
    private const int ChunkCount = 2;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_run_started_with_cluster_resumes_on_that_cluster_from_a_server_started_without_it()
    {
        await using var cluster = await LocalCluster.StartAsync(ServerExecutable.DllPath, Ct);
        await cluster.StartWorkerAsync("w1", ChunkCount, TimeSpan.FromSeconds(120), Ct);
        var remote = Path.Combine(cluster.Directory, "remote.git");
        TempGitRepository.GitIn(cluster.Directory, "init", "--bare", "--quiet", remote);
        var agentLog = Path.Combine(cluster.Directory, "agents.log");
        using var repo = TempGitRepository.Create();
        // No cluster.membership in config.yaml: only the first server's --cluster names the cluster.
        repo.WriteFile(".orchestrator/config.yaml",
            "gates: client\nrunners:\n  command:\n    executable: sh\n    args: " + JsonSerializer.Serialize(AgentArgs(agentLog)) + "\n"
            + $"cluster:\n  git_remote: {JsonSerializer.Serialize(new Uri(remote).AbsoluteUri)}\n");
        var root = repo.Root;
        string runId;
        string sessionId;
        await using (var first = await ClusterServer.ConnectAsync(root, cluster.Membership, cluster.Secret, Ct))
        {
            var chunks = JsonSerializer.SerializeToElement(Enumerable.Range(1, ChunkCount)
                .Select(i => new { id = $"chunk-{i}", scope = $"write src/chunk-{i}.txt", files = new[] { $"src/chunk-{i}.txt" }, tests = false }));
            sessionId = await PhaseFlow.ToApprovedBuildAsync(first, root, chunks, Ct);
            runId = (await first.CallOkAsync("build_start",
                new() { ["session_id"] = sessionId, ["runner"] = "command", ["max_parallel"] = ChunkCount, ["project_root"] = root }, Ct)).GetProperty("run_id").GetString()!;

            // Both executors run on w1: kill the run's coordinator (-9) and stop its server.
            await WaitUntilAsync(() => StartedAgents(agentLog).Count == ChunkCount, TimeSpan.FromMinutes(4));
            using var coordinator = Process.GetProcessById(Assert.Single(ProcFs.WithArguments("run", "--run", runId)));
            coordinator.Kill();
            await coordinator.WaitForExitAsync(Ct);
        }

        var setup = File.ReadAllText(Path.Combine(root, ".orchestrator", "runs", runId, "setup.json"));
        string refused;
        await using (var withoutSecret = await ClusterServer.ConnectAsync(root, null, null, Ct))
        {
            refused = await withoutSecret.CallErrorAsync("build_resume", new() { ["run_id"] = runId, ["project_root"] = root }, Ct);
        }

        await using var second = await ClusterServer.ConnectAsync(root, null, cluster.Secret, Ct);
        var resumed = await second.CallOkAsync("build_resume", new() { ["run_id"] = runId, ["project_root"] = root }, Ct);
        var end = await PhaseFlow.WaitForEndAsync(second, runId, root, Ct);
        var localBeforeClose = Refs(root, $"refs/so-cluster/{sessionId}/");
        // What a coordinator killed between pushing an attempt's base and deleting it leaves on the remote.
        TempGitRepository.GitIn(root, "push", "--quiet", remote, $"HEAD:refs/so-cluster/{sessionId}/{runId}/leftover/base");
        var remoteBeforeClose = Refs(remote, "refs/so-cluster/");
        var preview = await CloseAsync(second, sessionId, root);
        await second.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "publish", ["decision"] = "approve", ["project_root"] = root }, Ct);
        var closed = await CloseAsync(second, sessionId, root);

        var events = File.ReadLines(Path.Combine(root, ".orchestrator", "runs", runId, "events.jsonl")).Where(l => l.Length > 0).ToList();
        var detail = $"{end}\n{string.Join("\n", events)}";
        // setup.json keeps the cluster, never the secret.
        using (var recorded = JsonDocument.Parse(setup))
        {
            Assert.Equal(cluster.Membership, recorded.RootElement.GetProperty("cluster").GetProperty("membership").GetString());
            Assert.Equal("ORCHESTRATOR_CLUSTER_SECRET", recorded.RootElement.GetProperty("cluster").GetProperty("secretEnv").GetString());
        }

        Assert.DoesNotContain(cluster.Secret, setup);
        Assert.Contains("ORCHESTRATOR_CLUSTER_SECRET", refused);
        Assert.Equal("running", resumed.GetProperty("status").GetString());
        Assert.True(end.GetProperty("status").GetString() == "completed", detail);
        // Every attempt (the executors the first coordinator placed, and the reviewers placed after the resume) ran on w1.
        var attempts = events.Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("type").GetString() == "attempt.finished").ToList();
        Assert.True(attempts.Count >= 2 * ChunkCount, detail);
        Assert.All(attempts, a => Assert.True(a.TryGetProperty("worker", out var w) && w.GetString() == "w1", $"an attempt did not run on w1: {a}"));
        // Each executor ran once, in all: the resumed coordinator took the results from w1.
        Assert.Equal(Enumerable.Range(1, ChunkCount).Select(i => $"src/chunk-{i}.txt"), StartedAgents(agentLog).Order(StringComparer.Ordinal));
        // Close removes the session's cluster refs: the attempts' bases and results here, the leftover on the remote.
        Assert.NotEmpty(localBeforeClose);
        Assert.Contains($"refs/so-cluster/{sessionId}/{runId}/leftover/base", remoteBeforeClose);
        Assert.Equal("awaiting_approval", preview.GetProperty("status").GetString());
        Assert.True(closed.GetProperty("status").GetString() == "done", closed.ToString());
        Assert.Empty(Refs(root, "refs/so-cluster/"));
        Assert.Empty(Refs(remote, "refs/so-cluster/"));
    }

    private static List<string> Refs(string repository, string prefix) =>
        [.. TempGitRepository.GitIn(repository, "for-each-ref", "--format=%(refname)", prefix).Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>close, followed until its job is no longer running.</summary>
    private static async Task<JsonElement> CloseAsync(ModelContextProtocol.Client.McpClient client, string sessionId, string root)
    {
        for (var round = 0; round < 20; round++)
        {
            var result = await client.CallOkAsync("close", new() { ["session_id"] = sessionId, ["wait_seconds"] = 30, ["project_root"] = root }, Ct);
            if (result.GetProperty("status").GetString() != "running")
            {
                return result;
            }
        }

        throw new TimeoutException("close never ended");
    }

    private static string[] AgentArgs(string log) => ClusterAgentScript.Args(log, "sleep 8");

    private static List<string> StartedAgents(string log) => ClusterAgentScript.Started(log);

    private static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout) => ClusterAgentScript.WaitUntilAsync(condition, timeout, Ct);
}
