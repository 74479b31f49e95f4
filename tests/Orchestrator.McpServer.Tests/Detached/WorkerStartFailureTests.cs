using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Core.Build.Runs;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Detached;

/// <summary>
/// A worker that cannot start (here: the real starter with a worker program that does not exist) never leaves a run
/// or a phase job without a record: the run's journal says it failed and why, the job's outcome.json likewise, and the
/// tool call answers the reason.
/// </summary>
public sealed class WorkerStartFailureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_build_whose_worker_cannot_start_is_journalled_as_failed_with_the_reason_and_build_start_says_so()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await StartAsync();
        var client = server.Client;
        var sessionId = await PhaseFlow.ToApprovedBuildAsync(client, repo.Root, PhaseFlow.TwoChunks(), Ct);

        var error = await client.CallErrorAsync("build_start", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);
        var runDirectory = Assert.Single(Directory.GetDirectories(Path.Combine(repo.Root, ".orchestrator", "runs")));
        var status = await client.CallOkAsync("build_status", new() { ["run_id"] = Path.GetFileName(runDirectory), ["wait_seconds"] = 0, ["project_root"] = repo.Root }, Ct);
        var session = await client.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);

        Assert.Contains("does not exist", error, StringComparison.Ordinal);
        Assert.Contains("recorded as failed", error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(runDirectory, "events.jsonl")));
        Assert.Equal("failed", status.GetProperty("status").GetString());
        Assert.Contains("does not exist", status.GetProperty("stop_reason").GetString(), StringComparison.Ordinal);
        Assert.NotEqual("build", session.GetProperty("phase").GetString());
    }

    [Fact]
    public async Task A_spec_job_whose_worker_cannot_start_records_the_reason_and_the_call_fails_with_it()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await StartAsync();
        var client = server.Client;
        var sessionId = await PhaseFlow.StartSessionAsync(client, repo.Root, Ct);

        var error = await client.CallErrorAsync("spec", new() { ["session_id"] = sessionId, ["wait_seconds"] = 30, ["project_root"] = repo.Root }, Ct);
        var job = Assert.Single(Directory.GetDirectories(Path.Combine(repo.Root, ".orchestrator", "jobs")));

        Assert.Contains("did not start", error, StringComparison.Ordinal);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
        Assert.Contains("does not exist", File.ReadAllText(Path.Combine(job, "outcome.json")), StringComparison.Ordinal);
    }

    private static Task<InMemoryMcpServer> StartAsync()
    {
        var factory = new ScriptedEnvironmentFactory(PhaseFlow.ScriptedAgents());
        return InMemoryMcpServer.StartAsync("2025-11-25", cancellationToken: Ct, configureServices: services =>
        {
            factory.AddTo(services);
            services.AddSingleton(new BuildRunExecution(new BuildRunWorkerStarter(new WorkerCommand("/nonexistent/orchestrator-mcp", []), "information")));
        });
    }
}
