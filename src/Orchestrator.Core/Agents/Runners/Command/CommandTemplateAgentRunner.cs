using System.Globalization;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Options;
using Orchestrator.Core.Processes;

namespace Orchestrator.Core.Agents.Runners.Command;

/// <summary>
/// Runs any agent CLI from a user template (<c>runners: command:</c>): the prompt is written to a file beside the
/// job's log (<c>{prompt_file}</c>) with the answer schema (<c>{schema_file}</c>), the CLI runs in <c>{cwd}</c> with
/// <c>{model}</c> from the tier map, and the answer is read from stdout. A non-zero exit is a failed attempt.
/// </summary>
public sealed class CommandTemplateAgentRunner(IProcessRunner processRunner, string executable, CommandRunnerOptions options) : IAgentRunner
{
    /// <inheritdoc />
    public string Name => "command";

    /// <summary>The argument list for <paramref name="job"/> with its prompt and schema files.</summary>
    public IReadOnlyList<string> ArgumentsFor(AgentJob job, string promptFile, string schemaFile)
    {
        ArgumentNullException.ThrowIfNull(job);
        return CommandTemplate.Expand(options.Args, promptFile, options.Models.For(job.Tier, new TierModelNames()), job.WorkingDirectory, schemaFile);
    }

    /// <inheritdoc />
    public async Task<AgentOutcome> RunAsync(AgentJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var promptFile = AgentProcessRun.SidecarPath(job, ".prompt.md");
        var schemaFile = AgentProcessRun.SidecarPath(job, ".schema.json");
        await File.WriteAllTextAsync(promptFile, PromptWithSchema(job), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(schemaFile, job.OutputSchemaJson, cancellationToken).ConfigureAwait(false);
        var result = await AgentProcessRun.RunAsync(
            processRunner, job, executable, ArgumentsFor(job, promptFile, schemaFile), options.Env, options.PromptOnStdin ? job.Prompt : null, AgentVendor.None, cancellationToken).ConfigureAwait(false);
        if (AgentProcessRun.NotExited(result, Name, job) is { } stopped)
        {
            return stopped;
        }

        if (result.ExitCode != 0)
        {
            var tail = AgentProcessRun.StderrTail(result);
            return AgentProcessRun.Outcome(AgentOutcomeStatus.Failed,
                string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(executable)} exited with code {result.ExitCode}") + (tail.Length > 0 ? ": " + tail : ""), result, job);
        }

        return CommandOutputReader.Read(result.StandardOutput) is { } answer
            ? new AgentOutcome(AgentOutcomeStatus.Completed, answer, null, 0m, TokenUsage.None, result.Duration, job.LogPath)
            : AgentProcessRun.Outcome(AgentOutcomeStatus.Failed, $"{Path.GetFileName(executable)} printed nothing: {AgentOutputParser.NoResult}", result, job);
    }

    private static string PromptWithSchema(AgentJob job) =>
        // Most CLIs have no schema flag: the prompt itself asks for exactly this JSON as the final answer.
        $"{job.Prompt.TrimEnd()}\n\n## Output\nEnd with ONLY a JSON object (no prose, no code fence) matching this JSON Schema:\n{job.OutputSchemaJson}\n";
}
