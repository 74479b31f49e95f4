using System.Text.Json;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;
using Orchestrator.Testing.Cluster;
using Orchestrator.Testing.FakeModelApis;

namespace Orchestrator.McpServer.Tests.Cluster;

/// <summary>
/// The Done-when setup of cluster mode: redis-server on loopback, the real server as the coordinator in its own process
/// (<c>--cluster</c>, spoken to over stdio by the SDK's client; its build runs in the detached run worker), three
/// worker processes, and the real <c>claude</c> CLI on the workers against the loopback fake Anthropic API. The same
/// build on one machine (no cluster) is the reference the cluster's result must equal.
/// </summary>
public sealed class ClusterServerTests
{
    private const int ChunkCount = 10;
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_ten_chunk_claude_build_through_the_real_server_lands_on_all_three_workers_and_equals_the_single_machine_run()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(14));
        await using var api = new FakeAnthropicApi();
        await api.StartAsync(timeout.Token);
        await using var cluster = await LocalCluster.StartAsync(ServerExecutable.DllPath, timeout.Token);
        var claudeFolder = Path.GetDirectoryName(ClaudePath())!;
        await Task.WhenAll(new[] { "w1", "w2", "w3" }.Select(name => cluster.StartWorkerAsync(name, 2, JoinTimeout, timeout.Token, claudeFolder)));
        var remote = Path.Combine(cluster.Directory, "remote.git");
        TempGitRepository.GitIn(cluster.Directory, "init", "--bare", "--quiet", remote);

        using var single = TempGitRepository.Create();
        using var clustered = TempGitRepository.Create();
        Script(api);
        var reference = await BuildAsync(single, api, null, null, null, timeout.Token);
        Script(api);
        var result = await BuildAsync(clustered, api, cluster.Membership, cluster.Secret, new Uri(remote).AbsoluteUri, timeout.Token);

        Assert.True(result.Status == "completed", result.Detail);
        Assert.True(reference.Status == "completed", reference.Detail);
        // Attempts landed on all three workers (the journal's worker field), one executor attempt per chunk.
        var executors = result.Executors;
        Assert.True(executors.Count == ChunkCount, $"{executors.Count} executor attempts finished:\n{result.Detail}");
        Assert.All(executors, a => Assert.Equal(1, a.GetProperty("attempt").GetInt32()));
        Assert.Equal(["w1", "w2", "w3"], executors.Select(a => a.GetProperty("worker").GetString()).Distinct().Order());
        Assert.All(reference.Executors, a => Assert.False(a.TryGetProperty("worker", out var worker) && worker.ValueKind == JsonValueKind.String));
        Assert.Equal(reference.ChunkAttempts, result.ChunkAttempts);
        // The result equals the single-machine run's: the same chunks done, the same files with the same content.
        Assert.Equal(reference.Chunks, result.Chunks);
        Assert.Equal(reference.Files, result.Files);
        Assert.Equal(Enumerable.Range(1, ChunkCount).Select(i => $"src/chunk-{i}.txt").Order(StringComparer.Ordinal), result.Files.Keys);
        Assert.All(result.Files, f => Assert.Equal($"content of {f.Key}\n", f.Value));
        // Nothing of the cluster's refs is left on the remote; the model API saw only scripted requests.
        Assert.Empty(TempGitRepository.GitIn(remote, "for-each-ref", "--format=%(refname)").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(api.UnexpectedRequests);
    }

    [Fact]
    public async Task A_worker_killed_mid_claude_attempt_has_it_placed_again_without_counting_it_or_rerunning_finished_ones()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(12));
        // A slow model: each turn takes 4 s, so every executor attempt is in flight for several seconds.
        await using var api = new FakeAnthropicApi { TurnDelay = TimeSpan.FromSeconds(4) };
        await api.StartAsync(timeout.Token);
        await using var cluster = await LocalCluster.StartAsync(ServerExecutable.DllPath, timeout.Token);
        var claudeFolder = Path.GetDirectoryName(ClaudePath())!;
        await Task.WhenAll(new[] { "w1", "w2", "w3" }.Select(name => cluster.StartWorkerAsync(name, 2, JoinTimeout, timeout.Token, claudeFolder)));
        var remote = Path.Combine(cluster.Directory, "remote.git");
        TempGitRepository.GitIn(cluster.Directory, "init", "--bare", "--quiet", remote);
        using var repo = TempGitRepository.Create();
        // The answer after a write is the same for every chunk; registered first, so it wins over the chunk's marker.
        // Each chunk's executor has a spare write turn: an attempt killed after its write starts again from the top.
        api.Script.EnqueueFor("File created successfully", [.. Enumerable.Range(1, 2 * ChunkCount).Select(_ => FakeTurn.ClaudeStructuredOutput(new { status = "done", summary = "wrote the chunk's file" }))]);
        for (var i = 1; i <= ChunkCount; i++)
        {
            var write = FakeTurn.ClaudeWriteInWorkingDirectory($"src/chunk-{i}.txt", $"content of src/chunk-{i}.txt\n");
            api.Script
                .EnqueueFor($"## Chunk under review: chunk-{i}\n", FakeTurn.ClaudeStructuredOutput(new { findings = Array.Empty<object>() }))
                .EnqueueFor($"## Your chunk: chunk-{i}\n", write, write);
        }

        // A job holds one of w3's worktree slots (slot-N.owner) while it runs.
        var slots = Path.Combine(cluster.Directory, "w3", "pool");
        var killed = false;
        JsonElement shown = default;
        JsonElement sessionShown = default;
        var result = await BuildAsync(repo, api, cluster.Membership, cluster.Secret, new Uri(remote).AbsoluteUri, timeout.Token, async (client, runId) =>
        {
            // Mid-attempt: w3 has checked out an executor's code and its claude is talking to the (slow) model.
            while (!(Directory.Exists(slots) && Directory.GetFiles(slots, "*.owner").Length > 0 && api.MessageRequests.Count > 0))
            {
                await Task.Delay(100, timeout.Token);
            }

            // What build_status shows meanwhile (from the run's coordinator, the detached worker): workers and where attempts run.
            for (var i = 0; i < 50; i++)
            {
                shown = await client.CallOkAsync("build_status", new() { ["run_id"] = runId, ["project_root"] = repo.Root }, timeout.Token);
                if (shown.TryGetProperty("cluster", out var view) && view.ValueKind == JsonValueKind.Object
                    && view.GetProperty("attempts").EnumerateArray().Any(a => WorkerOf(a) == "w3"))
                {
                    break;
                }

                await Task.Delay(200, timeout.Token);
            }

            sessionShown = (await client.CallOkAsync("session_status", new() { ["project_root"] = repo.Root }, timeout.Token)).GetProperty("runs")[0];
            cluster.Kill("w3");
            killed = true;
        });

        // session_status says the same in one line per running run.
        Assert.Contains("w3 ", sessionShown.GetProperty("cluster").GetString());
        Assert.Contains(" on w3", sessionShown.GetProperty("cluster").GetString());
        var cluster3 = shown.GetProperty("cluster");
        Assert.Equal(["w1", "w2", "w3"], cluster3.GetProperty("workers").EnumerateArray().Select(w => w.GetProperty("name").GetString()).Order());
        Assert.Contains(cluster3.GetProperty("attempts").EnumerateArray(), a => WorkerOf(a) == "w3" && a.GetProperty("state").GetString() == "running");

        Assert.True(killed);
        Assert.True(result.Status == "completed", result.Detail);
        var executors = result.Executors;
        // One attempt.finished per chunk, each its first attempt: the lost one was placed again without counting.
        Assert.True(executors.Count == ChunkCount, $"{executors.Count} executor attempts finished:\n{result.Detail}");
        Assert.Equal(ChunkCount, executors.Select(a => a.GetProperty("chunkId").GetString()).Distinct().Count());
        Assert.All(executors, a => Assert.Equal(1, a.GetProperty("attempt").GetInt32()));
        Assert.Equal(Enumerable.Repeat(1, ChunkCount), result.ChunkAttempts);
        var replaced = executors.Where(a => a.TryGetProperty("lostWorkers", out var lost) && lost.EnumerateArray().Any(w => w.GetString() == "w3")).ToList();
        Assert.NotEmpty(replaced);
        Assert.All(replaced, a => Assert.NotEqual("w3", a.GetProperty("worker").GetString()));
        // No finished attempt ran again: every chunk that lost no worker started exactly one executor conversation.
        foreach (var chunk in executors.Where(a => !replaced.Contains(a)).Select(a => a.GetProperty("chunkId").GetString()))
        {
            Assert.Single(api.MessageRequests, r => r.Marker == $"## Your chunk: {chunk}\n");
        }

        Assert.Equal(Enumerable.Range(1, ChunkCount).Select(i => $"src/chunk-{i}.txt").Order(StringComparer.Ordinal), result.Files.Keys);
        Assert.All(result.Files, f => Assert.Equal($"content of {f.Key}\n", f.Value));
    }

    private static string? WorkerOf(JsonElement attempt) =>
        attempt.TryGetProperty("worker", out var worker) && worker.ValueKind == JsonValueKind.String ? worker.GetString() : null;

    /// <summary>Per chunk: the executor writes its file and answers done; its reviewer finds nothing.</summary>
    private static void Script(FakeAnthropicApi api)
    {
        for (var i = 1; i <= ChunkCount; i++)
        {
            api.Script
                .EnqueueFor($"## Chunk under review: chunk-{i}\n", FakeTurn.ClaudeStructuredOutput(new { findings = Array.Empty<object>() }))
                .EnqueueFor($"## Your chunk: chunk-{i}\n",
                    FakeTurn.ClaudeWriteInWorkingDirectory($"src/chunk-{i}.txt", $"content of src/chunk-{i}.txt\n"),
                    FakeTurn.ClaudeStructuredOutput(new { status = "done", summary = $"wrote src/chunk-{i}.txt", filesChanged = new[] { $"src/chunk-{i}.txt" } }));
        }
    }

    private static async Task<BuildSeen> BuildAsync(TempGitRepository repo, FakeAnthropicApi api, string? membership, string? secret, string? remote, CancellationToken cancellationToken,
        Func<ModelContextProtocol.Client.McpClient, string, Task>? whileRunning = null)
    {
        var environment = FakeAgentEnvironment.ForClaude(api.BaseUrl, Path.Combine(repo.Root, "..", Path.GetFileName(repo.Root) + "-claude"));
        var config = "gates: client\nrunners:\n  claude:\n    executable: " + JsonSerializer.Serialize(ClaudePath()) + "\n    max_turns: 6\n    env:\n"
            + string.Concat(environment.Variables.Select(v => $"      {v.Key}: {JsonSerializer.Serialize(v.Value)}\n"))
            + (remote is null ? "" : $"cluster:\n  git_remote: {JsonSerializer.Serialize(remote)}\n");
        repo.WriteFile(".orchestrator/config.yaml", config);
        await using var client = await ClusterServer.ConnectAsync(repo.Root, membership, secret, cancellationToken);
        var root = repo.Root;
        var chunks = JsonSerializer.SerializeToElement(Enumerable.Range(1, ChunkCount)
            .Select(i => new { id = $"chunk-{i}", scope = $"write src/chunk-{i}.txt", files = new[] { $"src/chunk-{i}.txt" }, model = "haiku", tests = false }));
        var sessionId = await PhaseFlow.ToApprovedBuildAsync(client, root, chunks, cancellationToken);
        var runId = (await client.CallOkAsync("build_start",
            new() { ["session_id"] = sessionId, ["runner"] = "claude", ["max_parallel"] = 6, ["project_root"] = root }, cancellationToken)).GetProperty("run_id").GetString()!;
        if (whileRunning is not null)
        {
            await whileRunning(client, runId);
        }

        var end = await PhaseFlow.WaitForEndAsync(client, runId, root, cancellationToken);
        var journal = Path.Combine(root, ".orchestrator", "runs", runId, "events.jsonl");
        var events = File.ReadLines(journal).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var executors = events.Where(e => e.GetProperty("type").GetString() == "attempt.finished"
            && string.Equals(e.GetProperty("role").ToString(), "executor", StringComparison.OrdinalIgnoreCase)).ToList();
        var chunkStates = end.GetProperty("chunks").EnumerateArray()
            .Select(c => $"{c.GetProperty("id").GetString()}:{c.GetProperty("state").GetString()}").Order(StringComparer.Ordinal).ToList();
        // The chunks' files are plain changes in the session's tree.
        var tree = (await client.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = root }, cancellationToken)).GetProperty("worktree_path").GetString()!;
        var files = TempGitRepository.GitIn(tree, "status", "--porcelain", "--untracked-files=all", "--", ".", ":(exclude).orchestrator")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[3..].Trim()).Order(StringComparer.Ordinal)
            .ToDictionary(f => f, f => File.ReadAllText(Path.Combine(tree, f)), StringComparer.Ordinal);
        var logs = Directory.GetFiles(Path.Combine(root, ".orchestrator", "runs", runId), "worker.log").Select(File.ReadAllText);
        var attempts = end.GetProperty("chunks").EnumerateArray().Select(c => c.GetProperty("attempts").GetInt32()).ToList();
        return new BuildSeen(end.GetProperty("status").GetString()!, executors, chunkStates, attempts, new SortedDictionary<string, string>(files, StringComparer.Ordinal),
            $"{end}\n{string.Join("\n", File.ReadLines(journal))}\n{string.Join("\n", logs)}");
    }

    private static string ClaudePath()
    {
        var root = Environment.GetEnvironmentVariable("ORCHESTRATOR_AGENT_CLIS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(ServerExecutable.RepositoryRoot, ".tools", "agent-clis");
        var path = Path.Combine(root, "node_modules", ".bin", "claude");
        Assert.True(File.Exists(path), $"{path} not found. Run .ci/install-agent-clis.sh from the repository root.");
        return Path.GetFullPath(path);
    }

    private sealed record BuildSeen(string Status, IReadOnlyList<JsonElement> Executors, IReadOnlyList<string> Chunks, IReadOnlyList<int> ChunkAttempts, SortedDictionary<string, string> Files, string Detail);
}
