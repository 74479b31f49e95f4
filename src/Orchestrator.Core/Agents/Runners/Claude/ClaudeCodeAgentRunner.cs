using Orchestrator.Core.Options;
using Orchestrator.Core.Processes;

namespace Orchestrator.Core.Agents.Runners.Claude;

/// <summary>
/// The default runner: <c>claude -p --output-format json --json-schema ...</c>. Executors edit with
/// <c>--permission-mode acceptEdits</c>; reviewers and researchers get only read-only tools. Workers never inherit
/// the host's MCP servers (<c>--strict-mcp-config</c> with an empty config). The prompt goes on stdin, then stdin closes.
/// </summary>
public sealed class ClaudeCodeAgentRunner(IProcessRunner processRunner, string executable, AgentCliOptions options) : IAgentRunner
{
    /// <summary>Tiers map to Claude's own aliases unless configured otherwise.</summary>
    public static readonly TierModelNames DefaultModels = new() { Haiku = "haiku", Sonnet = "sonnet", Opus = "opus" };

    /// <summary>Tools a reviewer or researcher gets: it may read and search, never edit.</summary>
    public static readonly IReadOnlyList<string> DefaultReadOnlyTools = ["Read", "Grep", "Glob"];

    /// <summary>Turns when config.yaml sets none: enough for real chunks, bounded against loops.</summary>
    public const int DefaultMaxTurns = 50;

    /// <inheritdoc />
    public string Name => "claude";

    /// <summary>The argument list for <paramref name="job"/> (the prompt is not in it: it goes on stdin).</summary>
    public IReadOnlyList<string> ArgumentsFor(AgentJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        // --tools and --mcp-config take several values: each is followed by another flag, never by a bare value.
        List<string> arguments = ["-p"];
        if (job.Role == AgentRole.Executor)
        {
            arguments.AddRange(["--permission-mode", "acceptEdits"]);
        }
        else
        {
            arguments.AddRange(["--tools", string.Join(',', options.ReadOnlyTools ?? DefaultReadOnlyTools)]);
        }

        arguments.AddRange(
        [
            "--output-format", "json",
            "--json-schema", job.OutputSchemaJson,
            "--model", options.Models.For(job.Tier, DefaultModels),
            "--strict-mcp-config",
            "--mcp-config", """{"mcpServers":{}}""",
            "--max-turns", (options.MaxTurns ?? DefaultMaxTurns).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--no-session-persistence",
        ]);
        arguments.AddRange(options.ExtraArgs);
        return arguments;
    }

    /// <inheritdoc />
    public async Task<AgentOutcome> RunAsync(AgentJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var result = await AgentProcessRun.RunAsync(processRunner, job, executable, ArgumentsFor(job), options.Env, job.Prompt, AgentVendor.Anthropic, cancellationToken).ConfigureAwait(false);
        if (AgentProcessRun.NotExited(result, Name, job) is { } stopped)
        {
            // A stopped claude may still have printed a result with the cost so far.
            var partial = ClaudeResultParser.Parse(result.StandardOutput, result.ExitCode, "");
            return stopped with { CostUsd = partial.CostUsd, Tokens = partial.Tokens };
        }

        // Errors exit 1 and still print a result object: judge by its content, not by the exit code.
        var verdict = ClaudeResultParser.Parse(result.StandardOutput, result.ExitCode, AgentProcessRun.StderrTail(result));
        return verdict.FailureReason is null
            ? new AgentOutcome(AgentOutcomeStatus.Completed, verdict.StructuredOutput, null, verdict.CostUsd, verdict.Tokens, result.Duration, job.LogPath)
            : new AgentOutcome(AgentOutcomeStatus.Failed, null, verdict.FailureReason, verdict.CostUsd, verdict.Tokens, result.Duration, job.LogPath);
    }
}
