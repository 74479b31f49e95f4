using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Sessions;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Dashboard;

/// <summary>
/// A real <see cref="BuildLoop"/> with scripted agents, writing into a repository's <c>.orchestrator/runs/&lt;id&gt;</c>
/// like build_start does: chunk <c>api</c> waits until <see cref="ReleaseApi"/>, <c>ui</c> depends on it, and the
/// reviewer raises one concern on <c>ui</c>.
/// </summary>
internal sealed class ScriptedBuild : IAsyncDisposable
{
    private readonly TaskCompletionSource _apiGate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly BuildRunHandle _handle;

    private ScriptedBuild(string repositoryRoot, string runId, IServiceProvider? server, string? worker)
    {
        RunId = runId;
        RunDirectory = Path.Combine(repositoryRoot, ".orchestrator", "runs", runId);
        Runner = new ScriptedAgentRunner()
            .Executor("api", ScriptedStep.Done("added the endpoint", "src/api.cs").After(_apiGate.Task).Costing(0.25m))
            .Executor("ui", ScriptedStep.Done("added the page", "src/ui.cs").Costing(0.5m))
            .Reviewer("ui", ScriptedStep.Findings(new ReviewFinding("ui", FindingSeverity.Concern, "Name the magic number", "42 appears twice", "src/ui.cs", 7)));
        var input = BuildRunInput.FromChunks("Add a report page", "# Plan\n1. api\n2. ui", false,
        [
            TestChunks.Chunk("api", files: ["src/api.cs"]),
            TestChunks.Chunk("ui", files: ["src/ui.cs"], dependsOn: ["api"]),
        ]);
        IAgentRunner runner = new LogWritingAgentRunner(Runner);
        var loop = new BuildLoop(worker is null ? runner : new WorkerStampingAgentRunner(runner, worker), TimeProvider.System);
        _handle = loop.Start(new BuildRunRequest(runId, RunDirectory, repositoryRoot, input, new BuildOptions()));

        // Like build_start: the server's registry knows the run is executing (else the dashboard reports it interrupted).
        server?.GetRequiredService<BuildRunRegistry>().Add(new LiveRun(
            _handle, new ProjectContext(repositoryRoot, repositoryRoot, Path.Combine(repositoryRoot, ".git")), "scripted", _handle.Completion));
    }

    public string RunId { get; }

    public string RunDirectory { get; }

    public ScriptedAgentRunner Runner { get; }

    public Task<BuildRunResult> Completion => _handle.Completion;

    /// <summary>
    /// Starts the build; with <paramref name="server"/> it is registered as that server's live run; with
    /// <paramref name="worker"/> every attempt reports that cluster worker as where it ran.
    /// </summary>
    public static ScriptedBuild Start(string repositoryRoot, string runId = "run-dashboard-1", IServiceProvider? server = null, string? worker = null) =>
        new(repositoryRoot, runId, server, worker);

    /// <summary>Waits until the executor of <c>api</c> has been dispatched (its chunk is running and held).</summary>
    public Task ApiRunningAsync() => Runner.WaitForJobAsync(j => j.Role == AgentRole.Executor && j.ChunkId == "api");

    public void ReleaseApi() => _apiGate.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        _apiGate.TrySetResult();
        _handle.Cancel();
        await _handle.Completion;
        _handle.Dispose();
    }
}
