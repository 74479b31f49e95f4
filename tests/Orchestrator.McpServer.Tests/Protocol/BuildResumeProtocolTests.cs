using Orchestrator.Core.Agents;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Protocol;

/// <summary>A run outlives its server: a new server reads it from the journal as interrupted and resumes it from setup.json.</summary>
public sealed class BuildResumeProtocolTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_interrupted_run_is_resumed_by_a_new_server_without_rerunning_finished_chunks()
    {
        using var repo = TempGitRepository.Create();
        var root = repo.Root;
        var firstAgents = PhaseFlow.ScriptedAgents().Executor("c2", ScriptedStep.Hang());
        var firstFactory = new ScriptedEnvironmentFactory(firstAgents);
        string sessionId;
        string runId;
        string cancelled;
        await using (var first = await PhaseFlow.StartAsync("2025-11-25", firstFactory, Ct))
        {
            sessionId = await PhaseFlow.ToApprovedBuildAsync(first.Client, root, PhaseFlow.TwoChunks(), Ct);
            runId = (await first.Client.CallOkAsync("build_start",
                new() { ["session_id"] = sessionId, ["runner"] = "codex", ["isolation"] = "shared", ["max_parallel"] = 2, ["project_root"] = root }, Ct))
                .GetProperty("run_id").GetString()!;
            await firstAgents.WaitForJobAsync(j => j.ChunkId == "c2").WaitAsync(TimeSpan.FromSeconds(60), Ct);
            cancelled = (await first.Client.CallOkAsync("build_cancel", new() { ["run_id"] = runId, ["project_root"] = root }, Ct)).GetProperty("status").GetString()!;
        }

        // Make it look as if the server died mid-run: no terminal event, no result.
        var runDirectory = Path.Combine(root, ".orchestrator", "runs", runId);
        var journal = Path.Combine(runDirectory, "events.jsonl");
        await File.WriteAllLinesAsync(journal, (await File.ReadAllLinesAsync(journal, Ct)).Where(l => !l.Contains("\"type\":\"run.finished\"", StringComparison.Ordinal)), Ct);
        File.Delete(Path.Combine(runDirectory, "result.json"));

        var secondFactory = new ScriptedEnvironmentFactory(PhaseFlow.ScriptedAgents());
        await using var second = await PhaseFlow.StartAsync("2025-11-25", secondFactory, Ct);
        var interrupted = await second.Client.CallOkAsync("build_status", new() { ["run_id"] = runId, ["project_root"] = root }, Ct);
        var noResult = await second.Client.CallErrorAsync("build_result", new() { ["run_id"] = runId, ["project_root"] = root }, Ct);
        var sessionBefore = await second.Client.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = root }, Ct);
        var resumed = await second.Client.CallOkAsync("build_resume", new() { ["run_id"] = runId, ["project_root"] = root }, Ct);
        var end = await PhaseFlow.WaitForEndAsync(second.Client, runId, root, Ct);

        Assert.Equal("cancelled", cancelled);
        Assert.Equal("interrupted", interrupted.GetProperty("status").GetString());
        Assert.Contains("build_resume", noResult);
        Assert.Equal("interrupted", sessionBefore.GetProperty("runs")[0].GetProperty("status").GetString());
        Assert.Equal("running", resumed.GetProperty("status").GetString());
        Assert.Equal("completed", end.GetProperty("status").GetString());
        var setup = Assert.Single(secondFactory.Setups);
        Assert.Equal(RunnerKind.Codex, setup.Runner);
        Assert.Equal(Core.Build.BuildIsolation.Shared, setup.Isolation);
        Assert.Equal(sessionId, setup.SessionId);
        Assert.Empty(secondFactory.Runner.JobsFor(AgentRole.Executor, "c1"));
        Assert.Single(secondFactory.Runner.JobsFor(AgentRole.Executor, "c2"));
    }
}
