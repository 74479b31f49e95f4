using Orchestrator.Core.Agents.Runners.Claude;
using Orchestrator.Core.Agents.Runners.Codex;
using Orchestrator.Core.Agents.Runners.Command;
using Orchestrator.Core.Agents.Runners.Host;
using Orchestrator.Core.Common;
using Orchestrator.Core.Options;
using Orchestrator.Core.Processes;

namespace Orchestrator.Core.Agents;

/// <summary>
/// The real factory: the CLI runners over the process runner (their executables resolved now, so a missing CLI names
/// its npm package before a run starts), and the host runner through the server's <see cref="IHostJobBroker"/>.
/// </summary>
/// <param name="processRunner">Runs the agent CLIs.</param>
/// <param name="hostJobs">The MCP host's job switchboard; null where the server has none (then <c>host</c> is refused).</param>
public sealed class AgentRunnerFactory(IProcessRunner processRunner, IHostJobBroker? hostJobs) : IAgentRunnerFactory
{
    /// <summary>The npm packages named when a CLI is missing.</summary>
    public const string ClaudeInstallHint = "install it with `npm install -g @anthropic-ai/claude-code`";

    /// <inheritdoc cref="ClaudeInstallHint"/>
    public const string CodexInstallHint = "install it with `npm install -g @openai/codex`";

    /// <summary>A factory over the real process runner, without a host broker.</summary>
    public AgentRunnerFactory()
        : this(new ProcessRunner(), null)
    {
    }

    /// <inheritdoc />
    public Outcome<IAgentRunner> Create(RunnerKind kind, RunnersOptions runners, string? hostRunId)
    {
        ArgumentNullException.ThrowIfNull(runners);
        return kind switch
        {
            RunnerKind.Host => Host(hostRunId),
            RunnerKind.Claude => Cli(AgentExecutableResolver.Resolve(runners.Claude.Executable, "claude", "claude", ClaudeInstallHint),
                executable => new ClaudeCodeAgentRunner(processRunner, executable, runners.Claude)),
            RunnerKind.Codex => Cli(AgentExecutableResolver.Resolve(runners.Codex.Executable, "codex", "codex", CodexInstallHint),
                executable => new CodexAgentRunner(processRunner, executable, runners.Codex)),
            RunnerKind.Command => Command(runners.Command),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a runner kind"),
        };
    }

    private Outcome<IAgentRunner> Host(string? hostRunId) =>
        hostJobs is not null && hostRunId is not null
            ? Outcome<IAgentRunner>.Success(hostJobs.RunnerFor(hostRunId))
            : Outcome<IAgentRunner>.Failure(ErrorCode.InvalidArgument,
                "runner \"host\" needs the MCP client to take the jobs (agent_job_next), which this server was not given. Use runner \"claude\", \"codex\" or \"command\".");

    private Outcome<IAgentRunner> Command(CommandRunnerOptions command)
    {
        if (string.IsNullOrWhiteSpace(command.Executable) || command.Args.Count == 0)
        {
            return Outcome<IAgentRunner>.Failure(ErrorCode.InvalidArgument,
                "runner \"command\" needs runners.command.executable and runners.command.args in .orchestrator/config.yaml (see docs/runners.md for cursor-agent and gemini examples).");
        }

        return Cli(AgentExecutableResolver.Resolve(command.Executable, command.Executable, "command", "install that CLI"),
            executable => new CommandTemplateAgentRunner(processRunner, executable, command));
    }

    private static Outcome<IAgentRunner> Cli(Outcome<string> executable, Func<string, IAgentRunner> create) =>
        executable.Succeeded ? Outcome<IAgentRunner>.Success(create(executable.Value)) : Outcome<IAgentRunner>.Failure(executable.Error);
}
