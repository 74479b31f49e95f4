using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Runners.Claude;
using Orchestrator.Core.Agents.Runners.Codex;
using Orchestrator.Core.Agents.Runners.Command;
using Orchestrator.Core.Build.Verification;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Common;
using Orchestrator.Core.Git;
using Orchestrator.Core.Options;
using Orchestrator.Core.Processes;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// The real factory: the runner by name (<c>claude</c>, <c>codex</c>, <c>command</c> from config.yaml's
/// <c>runners:</c>, or the MCP host's), the isolation (per-chunk worktrees, after removing stale ones of the session,
/// or the shared session tree), and the verifier (the server runs <c>commands.test</c> when tests are required and
/// a command is known; otherwise the agent's claim, with the reason as the journal detail).
/// </summary>
public sealed class BuildRunEnvironmentFactory : IBuildRunEnvironmentFactory
{
    /// <summary>The npm packages named when a CLI is missing.</summary>
    public const string ClaudeInstallHint = "install it with `npm install -g @anthropic-ai/claude-code`";

    /// <inheritdoc cref="ClaudeInstallHint"/>
    public const string CodexInstallHint = "install it with `npm install -g @openai/codex`";

    private readonly IProcessRunner _processRunner;
    private readonly IGit _git;

    /// <summary>A factory over the real process runner and git.</summary>
    public BuildRunEnvironmentFactory()
        : this(new ProcessRunner(), null)
    {
    }

    /// <summary>
    /// A factory over <paramref name="processRunner"/> and <paramref name="git"/> (null: git through the same runner);
    /// the server's dependency injection picks this one.
    /// </summary>
    public BuildRunEnvironmentFactory(IProcessRunner processRunner, IGit? git)
    {
        _processRunner = processRunner;
        _git = git ?? new GitCli(processRunner);
    }

    /// <inheritdoc />
    public async Task<Outcome<BuildRunEnvironment>> CreateAsync(BuildRunSetup setup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var runner = CreateRunner(setup);
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

    private Outcome<IAgentRunner> CreateRunner(BuildRunSetup setup)
    {
        var runners = setup.Options.Runners;
        switch (setup.Runner.Trim().ToLowerInvariant())
        {
            case "host":
                return setup.HostRunner is { } host
                    ? Outcome<IAgentRunner>.Success(host)
                    : Outcome<IAgentRunner>.Failure(ErrorCode.InvalidArgument, "runner \"host\" needs the MCP client to take the jobs (agent_job_next), which this server was not given. Use runner \"claude\", \"codex\" or \"command\".");
            case "claude":
            {
                var executable = AgentExecutableResolver.Resolve(runners.Claude.Executable, "claude", "claude", ClaudeInstallHint);
                return executable.Succeeded
                    ? Outcome<IAgentRunner>.Success(new ClaudeCodeAgentRunner(_processRunner, executable.Value, runners.Claude))
                    : Outcome<IAgentRunner>.Failure(executable.Error);
            }

            case "codex":
            {
                var executable = AgentExecutableResolver.Resolve(runners.Codex.Executable, "codex", "codex", CodexInstallHint);
                return executable.Succeeded
                    ? Outcome<IAgentRunner>.Success(new CodexAgentRunner(_processRunner, executable.Value, runners.Codex))
                    : Outcome<IAgentRunner>.Failure(executable.Error);
            }

            case "command":
            {
                var command = runners.Command;
                if (string.IsNullOrWhiteSpace(command.Executable) || command.Args.Count == 0)
                {
                    return Outcome<IAgentRunner>.Failure(ErrorCode.InvalidArgument,
                        "runner \"command\" needs runners.command.executable and runners.command.args in .orchestrator/config.yaml (see docs/runners.md for cursor-agent and gemini examples).");
                }

                var executable = AgentExecutableResolver.Resolve(command.Executable, command.Executable, "command", "install that CLI");
                return executable.Succeeded
                    ? Outcome<IAgentRunner>.Success(new CommandTemplateAgentRunner(_processRunner, executable.Value, command))
                    : Outcome<IAgentRunner>.Failure(executable.Error);
            }

            default:
                return Outcome<IAgentRunner>.Failure(ErrorCode.InvalidArgument,
                    $"unknown runner \"{setup.Runner}\". Use \"claude\", \"codex\", \"command\" or \"host\" (or set default_runner in .orchestrator/config.yaml).");
        }
    }

    private async Task<Outcome<IChunkWorkspaceProvider>> CreateWorkspacesAsync(BuildRunSetup setup, CancellationToken cancellationToken)
    {
        if (setup.Isolation == BuildIsolation.Shared)
        {
            return Outcome<IChunkWorkspaceProvider>.Success(new ScopeCheckedSharedTreeWorkspaceProvider(_git, setup.SessionTree));
        }

        if (await _git.FindWorkTreeRootAsync(setup.SessionTree, cancellationToken).ConfigureAwait(false) is null)
        {
            return Outcome<IChunkWorkspaceProvider>.Failure(ErrorCode.NotAGitRepository,
                $"worktree isolation needs a git repository, and {setup.SessionTree} is not in one. Use isolation \"shared\".");
        }

        // Worktrees of an earlier process of this session that crashed are removed before new ones are made.
        await new ChunkWorktreeJanitor(_git).RemoveStaleAsync(setup.MainWorkTreeRoot, setup.Options, setup.SessionId, includeLiveRuns: false, cancellationToken).ConfigureAwait(false);
        return Outcome<IChunkWorkspaceProvider>.Success(
            new WorktreeWorkspaceProvider(_git, setup.SessionId, setup.RunId, setup.MainWorkTreeRoot, setup.SessionTree, setup.Options));
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
