using Orchestrator.Core.Options;
using Orchestrator.Core.Processes;

namespace Orchestrator.Core.Agents.Runners.Codex;

/// <summary>
/// <c>codex exec --json --output-schema &lt;file&gt; -s workspace-write --skip-git-repo-check -m &lt;model&gt; -</c>;
/// reviewers and researchers run with <c>-s read-only</c>. The prompt goes on stdin (<c>-</c>), then stdin closes:
/// an open stdin makes Codex wait forever.
/// </summary>
public sealed class CodexAgentRunner(IProcessRunner processRunner, string executable, AgentCliOptions options) : IAgentRunner
{
    /// <summary>A model Codex knows (an unknown name loses apply_patch); every tier uses it unless configured.</summary>
    public static readonly TierModelNames DefaultModels = new() { Haiku = "gpt-5.5", Sonnet = "gpt-5.5", Opus = "gpt-5.5" };

    /// <inheritdoc />
    public string Name => "codex";

    /// <summary>The argument list for <paramref name="job"/> with its schema in <paramref name="schemaFile"/>.</summary>
    public IReadOnlyList<string> ArgumentsFor(AgentJob job, string schemaFile)
    {
        ArgumentNullException.ThrowIfNull(job);
        List<string> arguments =
        [
            "exec",
            "--json",
            "--output-schema", schemaFile,
            "-s", job.Role == AgentRole.Executor ? "workspace-write" : "read-only",
            "--skip-git-repo-check",
            "-m", options.Models.For(job.Tier, DefaultModels),
        ];
        arguments.AddRange(options.ExtraArgs);
        arguments.Add("-");
        return arguments;
    }

    /// <inheritdoc />
    public async Task<AgentOutcome> RunAsync(AgentJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var schemaFile = AgentProcessRun.SidecarPath(job, ".schema.json");
        await File.WriteAllTextAsync(schemaFile, OpenAiStrictSchema.From(job.OutputSchemaJson), cancellationToken).ConfigureAwait(false);
        var result = await AgentProcessRun.RunAsync(processRunner, job, executable, ArgumentsFor(job, schemaFile), options.Env, job.Prompt, AgentVendor.OpenAi, cancellationToken).ConfigureAwait(false);
        var verdict = CodexEventParser.Parse(result.StandardOutput, result.ExitCode, AgentProcessRun.StderrTail(result));
        if (AgentProcessRun.NotExited(result, Name, job) is { } stopped)
        {
            return stopped with { Tokens = verdict.Tokens };
        }

        return verdict.FailureReason is null
            ? new AgentOutcome(AgentOutcomeStatus.Completed, verdict.Answer, null, 0m, verdict.Tokens, result.Duration, job.LogPath)
            : new AgentOutcome(AgentOutcomeStatus.Failed, null, verdict.FailureReason, 0m, verdict.Tokens, result.Duration, job.LogPath);
    }
}
