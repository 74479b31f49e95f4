using Orchestrator.Core.Sessions;
using Orchestrator.McpServer.Dashboard;

namespace Orchestrator.McpServer.Tests.Dashboard;

/// <summary>
/// The dashboard's stream sends a new run event only when its fingerprint moves. A run's last change is its executor
/// letting go after it wrote <c>run.finished</c> and STATE.md: no file the fingerprint reads changes then, so the
/// executor's liveness is part of it (without that a page that polled in between showed the ended run as running for
/// good; seen in CI as the command-line dashboard test waiting 90 s for "completed_with_failures").
/// </summary>
public sealed class DashboardFingerprintTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dashboard-fingerprint-").FullName;

    [Fact]
    public void The_fingerprint_moves_when_a_runs_executor_lets_go_and_only_then()
    {
        var project = new ProjectContext(_root, _root, Path.Combine(_root, ".git"));
        var run = Path.Combine(project.OrchestratorDirectory, "runs", "20261130-100000-abcd");
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, "events.jsonl"), "{\"type\":\"run.finished\"}\n");

        var executing = DashboardReader.Fingerprint(project, null, _ => true);
        var executingAgain = DashboardReader.Fingerprint(project, null, _ => true);
        var letGo = DashboardReader.Fingerprint(project, null, _ => false);

        Assert.Equal(executing, executingAgain);
        Assert.NotEqual(executing, letGo);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
