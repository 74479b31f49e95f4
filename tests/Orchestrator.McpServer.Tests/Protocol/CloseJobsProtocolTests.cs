using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Close;
using Orchestrator.Core.Git;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Sessions;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Protocol;

/// <summary>
/// close runs as a server-owned job (its quality gate runs the whole test suite): a call waits at most wait_seconds and
/// answers status "running"; a later call with just session_id collects the report. The gate's test command is held on
/// a release file the test writes; it touches a started file and appends one line per run. The publish gate is
/// approved first (close waits for it before any commit).
/// </summary>
public sealed class CloseJobsProtocolTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_slow_close_returns_running_and_concurrent_calls_collect_one_close_with_its_report()
    {
        using var repo = TempGitRepository.Create();
        using var gate = new HeldTestCommand();
        repo.WriteFile(".orchestrator/config.yaml", gate.Config);
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", cancellationToken: Ct);
        var (sessionId, workTree) = await StartBuiltSessionAsync(server.Client, repo);

        var first = await server.Client.CallToolAsync("close", Arguments(sessionId, repo, wait: 1), cancellationToken: Ct);
        var running = JsonSerializer.SerializeToElement(first.StructuredContent);
        Assert.True(first.IsError is not true, ToolCalls.TextOf(first));
        Assert.Equal("running", running.GetProperty("status").GetString());
        Assert.Contains("Call close again with just session_id", ToolCalls.TextOf(first));

        var progressA = new ProgressRecorder();
        var progressB = new ProgressRecorder();
        var waitingA = CallAsync(server.Client, sessionId, repo, progressA);
        var waitingB = CallAsync(server.Client, sessionId, repo, progressB);
        Assert.True(SpinWait.SpinUntil(() => gate.Started && !progressA.Values.IsEmpty && !progressB.Values.IsEmpty, Patience), "the waiting calls never attached to the close job");
        var headBefore = TempGitRepository.GitIn(workTree, "rev-parse", "HEAD");
        gate.Release();
        var a = await waitingA;
        var b = await waitingB;

        Assert.Equal("done", a.GetProperty("status").GetString());
        Assert.Equal("committed", a.GetProperty("commit_status").GetString());
        Assert.Equal("passed", a.GetProperty("gate").GetProperty("status").GetString());
        Assert.Contains("### Completed", a.GetProperty("report").GetString());
        var sha = Assert.Single(a.GetProperty("commits").EnumerateArray()).GetProperty("sha").GetString();
        Assert.Equal(sha, Assert.Single(b.GetProperty("commits").EnumerateArray()).GetProperty("sha").GetString());
        Assert.Equal(sha, TempGitRepository.GitIn(workTree, "rev-parse", "HEAD"));
        Assert.Equal(headBefore, TempGitRepository.GitIn(workTree, "rev-parse", "HEAD~1"));
        Assert.Equal(1, gate.Runs);
        Assert.Contains("3/8 close: running the quality gate", progressA.Values.Select(v => $"{v.Progress}/{v.Total} {v.Message}"));
    }

    [Fact]
    public async Task Close_commits_even_when_no_caller_waits_and_the_next_call_collects_the_report()
    {
        using var repo = TempGitRepository.Create();
        using var gate = new HeldTestCommand();
        repo.WriteFile(".orchestrator/config.yaml", gate.Config);
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", cancellationToken: Ct);
        var (sessionId, workTree) = await StartBuiltSessionAsync(server.Client, repo);
        var headBefore = TempGitRepository.GitIn(workTree, "rev-parse", "HEAD");

        var running = await server.Client.CallOkAsync("close", Arguments(sessionId, repo, wait: 0), Ct);
        Assert.Equal("running", running.GetProperty("status").GetString());
        var project = await ProjectAsync(server, repo);
        var job = Assert.IsType<PhaseJob<CloseResult>>(server.Services.GetRequiredService<PhaseJobRegistry>().RunningFor(project, sessionId));
        Assert.Equal("close", job.Phase);
        Assert.True(SpinWait.SpinUntil(() => gate.Started, Patience), "the quality gate never started");
        var buildRefused = await server.Client.CallErrorAsync("build_start", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);
        gate.Release();
        var outcome = await job.Completion.WaitAsync(Patience, Ct);

        Assert.True(outcome.Succeeded, outcome.Error?.Message);
        Assert.Equal(headBefore, TempGitRepository.GitIn(workTree, "rev-parse", "HEAD~1"));
        Assert.StartsWith("docs(notes): add hello notes", TempGitRepository.GitIn(workTree, "log", "-1", "--format=%B"));
        var status = await server.Client.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);
        Assert.Equal("closed", status.GetProperty("phase").GetString());
        var collected = await server.Client.CallOkAsync("close", Arguments(sessionId, repo), Ct);
        Assert.Equal("done", collected.GetProperty("status").GetString());
        Assert.Equal("committed", collected.GetProperty("commit_status").GetString());
        Assert.Equal(TempGitRepository.GitIn(workTree, "rev-parse", "HEAD"), Assert.Single(collected.GetProperty("commits").EnumerateArray()).GetProperty("sha").GetString());
        Assert.Equal(1, gate.Runs);
        Assert.Contains("close job", buildRefused);
        Assert.Contains("call close with just session_id", buildRefused, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Close_is_refused_while_a_build_of_the_session_runs()
    {
        using var repo = TempGitRepository.Create();
        var agents = PhaseFlow.ScriptedAgents().Executor("c2", ScriptedStep.Hang());
        await using var server = await PhaseFlow.StartAsync("2025-11-25", new ScriptedEnvironmentFactory(agents), Ct);
        var sessionId = await PhaseFlow.ToApprovedBuildAsync(server.Client, repo.Root, PhaseFlow.TwoChunks(), Ct);
        var runId = (await server.Client.CallOkAsync("build_start", new() { ["session_id"] = sessionId, ["isolation"] = "shared", ["project_root"] = repo.Root }, Ct))
            .GetProperty("run_id").GetString()!;
        await agents.WaitForJobAsync(j => j.ChunkId == "c2").WaitAsync(Patience, Ct);

        var refused = await server.Client.CallErrorAsync("close", Arguments(sessionId, repo), Ct);
        var dryRefused = await server.Client.CallErrorAsync("close", new(Arguments(sessionId, repo)) { ["dry_run"] = true }, Ct);
        await server.Client.CallOkAsync("build_cancel", new() { ["run_id"] = runId, ["project_root"] = repo.Root }, Ct);

        Assert.Contains($"build run '{runId}' is still running", refused);
        Assert.Contains("build_status", refused);
        Assert.Contains("build_cancel", refused);
        Assert.Contains("build_cancel", dryRefused);
        Assert.Null(server.Services.GetRequiredService<PhaseJobRegistry>().RunningFor(await ProjectAsync(server, repo), sessionId));
    }

    [Fact]
    public async Task Build_start_is_refused_while_a_divide_job_of_the_session_runs()
    {
        using var repo = TempGitRepository.Create();
        var agents = PhaseFlow.ScriptedAgents().When(j => j.Role == AgentRole.Divider, ScriptedStep.Hang());
        await using var server = await PhaseFlow.StartAsync("2025-11-25", new ScriptedEnvironmentFactory(agents), Ct);
        var sessionId = await PhaseFlow.StartSessionAsync(server.Client, repo.Root, Ct);
        await server.Client.CallOkAsync("spec", new() { ["session_id"] = sessionId, ["findings"] = "Greeting code goes in src/.", ["project_root"] = repo.Root }, Ct);
        await server.Client.CallOkAsync("plan", new() { ["session_id"] = sessionId, ["plan"] = "# Plan\nAdd the files.", ["project_root"] = repo.Root }, Ct);
        await server.Client.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "plan", ["decision"] = "approve", ["project_root"] = repo.Root }, Ct);
        var divide = await server.Client.CallOkAsync("divide", new() { ["session_id"] = sessionId, ["wait_seconds"] = 0, ["project_root"] = repo.Root }, Ct);

        var refused = await server.Client.CallErrorAsync("build_start", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);

        Assert.Equal("running", divide.GetProperty("status").GetString());
        Assert.Contains("the divide job of session", refused);
        Assert.Contains("call divide with just session_id", refused, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(agents.JobsFor(AgentRole.Executor));
    }

    private static Dictionary<string, object?> Arguments(string sessionId, TempGitRepository repo, int? wait = null)
    {
        var arguments = new Dictionary<string, object?> { ["session_id"] = sessionId, ["project_root"] = repo.Root };
        if (wait is not null)
        {
            arguments["wait_seconds"] = wait;
        }

        return arguments;
    }

    private static async Task<(string SessionId, string WorkTree)> StartBuiltSessionAsync(McpClient client, TempGitRepository repo)
    {
        var started = await client.CallOkAsync("session_start", new() { ["description"] = "Add hello notes", ["project_root"] = repo.Root }, Ct);
        var sessionId = started.GetProperty("session_id").GetString()!;
        var workTree = started.GetProperty("worktree_path").GetString()!;
        await CloseToolProtocolTests.BuildOneChunkAsync(repo.Root, sessionId, workTree);
        await CloseToolProtocolTests.ApprovePublishAsync(client, sessionId, repo.Root);
        return (sessionId, workTree);
    }

    private static async Task<JsonElement> CallAsync(McpClient client, string sessionId, TempGitRepository repo, ProgressRecorder progress)
    {
        var result = await progress.CallToolAsync(client, "close", Arguments(sessionId, repo), Ct);
        Assert.True(result.IsError is not true, ToolCalls.TextOf(result));
        return JsonSerializer.SerializeToElement(result.StructuredContent);
    }

    private static async Task<ProjectContext> ProjectAsync(InMemoryMcpServer server, TempGitRepository repo)
    {
        var located = await new ProjectLocator(server.Services.GetRequiredService<IGit>()).LocateAsync(repo.Root, Ct);
        Assert.True(located.Succeeded, located.Error?.Message);
        return located.Value;
    }

    /// <summary>A configured test command (commands.test) that records each run and waits until the test releases it.</summary>
    private sealed class HeldTestCommand : IDisposable
    {
        private readonly string directory = Directory.CreateTempSubdirectory("orch-close-gate-").FullName;

        public string Config =>
            "close:\n  review_diff: false\ncommands:\n  test: '" +
            $"echo run >> \"{directory}/runs\"; touch \"{directory}/started\"; while [ ! -f \"{directory}/release\" ]; do sleep 0.05; done" + "'\n";

        public bool Started => File.Exists(Path.Combine(directory, "started"));

        public int Runs => File.ReadAllLines(Path.Combine(directory, "runs")).Length;

        public void Release() => File.WriteAllText(Path.Combine(directory, "release"), "go");

        public void Dispose()
        {
            Release();
            Directory.Delete(directory, recursive: true);
        }
    }
}
