using Orchestrator.Core.Agents;
using Orchestrator.Core.Build.Verification;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Common;
using Orchestrator.Core.Git;
using Orchestrator.Core.Options;
using Orchestrator.Core.Processes;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// The real factory: the runner (from the <see cref="IAgentRunnerFactory"/>; a host runner offers the run's jobs under
/// its run id), the isolation (per-chunk worktrees, after removing stale ones of the session,
/// or the shared session tree), and the verifier (the server runs <c>commands.test</c> when tests are required and
/// a command is known; otherwise the agent's claim, with the reason as the journal detail).
/// </summary>
public sealed class BuildRunEnvironmentFactory : IBuildRunEnvironmentFactory
{
    private readonly IAgentRunnerFactory _runners;
    private readonly IProcessRunner _processRunner;
    private readonly IGit _git;

    /// <summary>A factory over the real process runner and git, whose runners come from <paramref name="runners"/>.</summary>
    public BuildRunEnvironmentFactory(IAgentRunnerFactory runners)
        : this(runners, new ProcessRunner(), null)
    {
    }

    /// <summary>
    /// A factory over <paramref name="runners"/>, <paramref name="processRunner"/> (the test verifier) and
    /// <paramref name="git"/> (null: git through the same process runner); the server's dependency injection picks this one.
    /// </summary>
    public BuildRunEnvironmentFactory(IAgentRunnerFactory runners, IProcessRunner processRunner, IGit? git)
    {
        _runners = runners;
        _processRunner = processRunner;
        _git = git ?? new GitCli(processRunner);
    }

    /// <inheritdoc />
    public async Task<Outcome<BuildRunEnvironment>> CreateAsync(BuildRunSetup setup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var runner = _runners.CreateForBuild(setup.Runner, setup.Options, setup.Cluster, setup.SessionId, setup.RunId);
        if (!runner.Succeeded)
        {
            return Outcome<BuildRunEnvironment>.Failure(runner.Error);
        }

        var workspaces = await CreateWorkspacesAsync(setup, cancellationToken).ConfigureAwait(false);
        if (!workspaces.Succeeded)
        {
            return Outcome<BuildRunEnvironment>.Failure(workspaces.Error);
        }

        var verifier = CreateVerifier(setup);
        return Outcome<BuildRunEnvironment>.Success(new BuildRunEnvironment(runner.Value, workspaces.Value, verifier));
    }

    /// <inheritdoc />
    public OrchestratorError? Check(BuildRunSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var runner = _runners.CreateForBuild(setup.Runner, setup.Options, setup.Cluster, setup.SessionId, setup.RunId);
        return runner.Succeeded ? null : runner.Error;
    }

    /// <inheritdoc />
    public ClusterTarget? ClusterFor(OrchestratorOptions options) => _runners.ClusterFor(options);

    private async Task<Outcome<IChunkWorkspaceProvider>> CreateWorkspacesAsync(BuildRunSetup setup, CancellationToken cancellationToken)
    {
        if (setup.Isolation == BuildIsolation.Shared)
        {
            // The run's snapshot index lives in a run folder beside the repository, which the janitor removes with the run.
            var runFolder = ChunkWorktreeLocations.RunFolder(setup.MainWorkTreeRoot, setup.Options, setup.SessionId, setup.RunId);
            ChunkWorktreeJanitor.ClaimRunFolder(runFolder);
            return Outcome<IChunkWorkspaceProvider>.Success(new ScopeCheckedSharedTreeWorkspaceProvider(
                _git, setup.SessionTree, Path.Combine(runFolder, WorktreeWorkspaceProvider.SnapshotIndexFileName)));
        }

        if (await _git.FindWorkTreeRootAsync(setup.SessionTree, cancellationToken).ConfigureAwait(false) is null)
        {
            return Outcome<IChunkWorkspaceProvider>.Failure(ErrorCode.NotAGitRepository,
                $"worktree isolation needs a git repository, and {setup.SessionTree} is not in one. Use isolation \"shared\".");
        }

        // Worktrees of an earlier process of this session that crashed are removed before new ones are made.
        await new ChunkWorktreeJanitor(_git).RemoveStaleAsync(setup.MainWorkTreeRoot, setup.Options, setup.SessionId, includeLiveRuns: false, cancellationToken).ConfigureAwait(false);
        return Outcome<IChunkWorkspaceProvider>.Success(
            new WorktreeWorkspaceProvider(_git, setup.SessionId, setup.RunId, setup.MainWorkTreeRoot, setup.SessionTree, setup.Options, setup.MaxParallel));
    }

    private IChunkVerifier CreateVerifier(BuildRunSetup setup)
    {
        if (!setup.TestsRequired)
        {
            return new AgentClaimedChunkVerifier("tests are not required for this run");
        }

        // The same resolution close's quality gate uses: commands.test when set, else what the session tree shows
        // (dotnet test, npm test, cargo test, go test ./..., pytest).
        var command = ProjectCommandDetector.Resolve(setup.Options.Commands, setup.SessionTree).Test?.Command;
        return string.IsNullOrWhiteSpace(command)
            ? new AgentClaimedChunkVerifier("no test command configured or detected (set commands.test in .orchestrator/config.yaml)")
            : new TestCommandChunkVerifier(_processRunner, command, setup.RunDirectory, TestCommandChunkVerifier.DefaultTimeout);
    }
}
