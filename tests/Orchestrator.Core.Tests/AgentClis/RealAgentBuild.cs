using Orchestrator.Core.Agents;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Options;
using Orchestrator.Core.Planning;
using Orchestrator.Testing;

namespace Orchestrator.Core.Tests.AgentClis;

/// <summary>
/// A session tree (a real temporary git repository with <c>.orchestrator/</c> excluded, as the server sets it up)
/// and a run wired by the real <see cref="BuildRunEnvironmentFactory"/> over the real <see cref="AgentRunnerFactory"/>: the real runner, worktree isolation and
/// verifier, driven by the real <see cref="BuildLoop"/>.
/// </summary>
internal sealed class RealAgentBuild : IDisposable
{
    private readonly TempGitRepository _repository = TempGitRepository.Create();

    public RealAgentBuild()
    {
        File.AppendAllText(Path.Combine(Root, ".git", "info", "exclude"), "/.orchestrator/\n");
        ConfigDirectory = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(Root)!, "agent-config")).FullName;
        HeadBefore = _repository.Git("rev-parse", "HEAD");
    }

    public string Root => _repository.Root;

    public string SessionId { get; } = "s-e2e";

    public string RunId { get; } = "r-" + Guid.NewGuid().ToString("N")[..8];

    public string RunDirectory => Path.Combine(Root, ".orchestrator", "runs", RunId);

    /// <summary>CLAUDE_CONFIG_DIR / CODEX_HOME: unique per test, so the test can also find the CLI's processes by it.</summary>
    public string ConfigDirectory { get; }

    public string HeadBefore { get; }

    public TempGitRepository Repository => _repository;

    public string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    public string ChunkWorktreesRoot(OrchestratorOptions options) => Core.Build.Workspaces.ChunkWorktreeLocations.Root(Root, options);

    public static BuildRunInput Input(bool testsRequired, params ChunkDefinition[][] waves) =>
        new("Add greeting files", "# Plan\nWrite the greeting files, one per chunk.", testsRequired, TestChunks.Waves(waves));

    public async Task<BuildRunResult> RunAsync(RunnerKind runner, OrchestratorOptions options, BuildRunInput input, BuildOptions buildOptions, CancellationToken cancellationToken)
    {
        var setup = new BuildRunSetup(SessionId, RunId, RunDirectory, Root, Root, runner, BuildIsolation.Worktree, input.TestsRequired, options);
        var environment = await new BuildRunEnvironmentFactory(new AgentRunnerFactory()).CreateAsync(setup, cancellationToken);
        Assert.True(environment.Succeeded, environment.Error?.Message);
        var loop = new BuildLoop(environment.Value.Runner, TimeProvider.System, environment.Value.Workspaces, environment.Value.Verifier);
        return await loop.RunAsync(new BuildRunRequest(RunId, RunDirectory, Root, input, buildOptions), null, cancellationToken);
    }

    /// <summary>Resumes the run (a paused, cancelled or interrupted one) with a fresh environment, as build_resume does.</summary>
    public async Task<BuildRunResult> ResumeAsync(RunnerKind runner, OrchestratorOptions options, bool testsRequired, CancellationToken cancellationToken)
    {
        var setup = new BuildRunSetup(SessionId, RunId, RunDirectory, Root, Root, runner, BuildIsolation.Worktree, testsRequired, options);
        var environment = await new BuildRunEnvironmentFactory(new AgentRunnerFactory()).CreateAsync(setup, cancellationToken);
        Assert.True(environment.Succeeded, environment.Error?.Message);
        var loop = new BuildLoop(environment.Value.Runner, TimeProvider.System, environment.Value.Workspaces, environment.Value.Verifier);
        return await loop.ResumeAsync(RunDirectory, null, null, cancellationToken);
    }

    /// <summary>Live processes whose environment names this test's private config directory (the CLI and its children).</summary>
    public IReadOnlyList<int> LiveAgentProcesses()
    {
        var marker = ConfigDirectory;
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var environ = File.ReadAllText(Path.Combine(directory, "environ"));
                if (environ.Contains(marker, StringComparison.Ordinal) && !File.ReadAllText(Path.Combine(directory, "stat")).Contains(") Z ", StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    public void Dispose() => _repository.Dispose();
}
