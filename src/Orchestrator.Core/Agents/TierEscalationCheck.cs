using Orchestrator.Core.Agents.Runners.Claude;
using Orchestrator.Core.Agents.Runners.Codex;
using Orchestrator.Core.Common;
using Orchestrator.Core.Options;

namespace Orchestrator.Core.Agents;

/// <summary>
/// Warns when a runner's configuration gives every tier the same model (and, for Codex, the same reasoning effort):
/// the ladder's tier-up attempt and an opus chunk would then run exactly what a haiku chunk runs.
/// </summary>
public static class TierEscalationCheck
{
    private static readonly ModelTier[] Tiers = [ModelTier.Haiku, ModelTier.Sonnet, ModelTier.Opus];

    /// <summary>The warnings for <paramref name="runner"/> (none when its tiers differ, or for the host runner).</summary>
    public static IReadOnlyList<string> Warnings(RunnersOptions runners, RunnerKind runner)
    {
        ArgumentNullException.ThrowIfNull(runners);
        var (settings, where) = runner switch
        {
            RunnerKind.Claude => (Tiers.Select(t => runners.Claude.Models.For(t, ClaudeCodeAgentRunner.DefaultModels)).ToList(), "runners.claude.models"),
            RunnerKind.Codex => (Tiers.Select(t => $"{runners.Codex.Models.For(t, CodexAgentRunner.DefaultModels)}" +
                $"{(runners.Codex.ReasoningEffort.Find(t, CodexAgentRunner.DefaultReasoningEffort) is { } e ? $" at {e} effort" : "")}").ToList(), "runners.codex.models and reasoning_effort"),
            RunnerKind.Command => (Tiers.Select(t => runners.Command.Models.For(t, new TierModelNames())).ToList(), "runners.command.models"),
            _ => ([], ""),
        };
        if (runner == RunnerKind.Command && runners.Command.Args.Count > 0 && !runners.Command.Args.Any(a => a.Contains("{model}", StringComparison.Ordinal)))
        {
            return ["runners.command.args has no {model}: every tier runs the same agent, so a failed chunk's tier-up retry changes nothing. Add {model} to the template."];
        }

        return settings.Count > 0 && settings.Distinct(StringComparer.Ordinal).Count() == 1
            ? [$"{where} give every tier the same model ({settings[0]}): a failed chunk's tier-up retry and an opus chunk run what a haiku chunk runs. Configure a model per tier in .orchestrator/config.yaml."]
            : [];
    }

    /// <summary>The warnings for <paramref name="runner"/>, or for config.yaml's default runner; none when the configuration cannot be read (the tools report that themselves).</summary>
    public static async Task<IReadOnlyList<string>> WarningsAsync(string orchestratorDirectory, RunnerKind? runner, CancellationToken cancellationToken)
    {
        var options = await OptionsLoader.LoadAsync(orchestratorDirectory, cancellationToken).ConfigureAwait(false);
        if (!options.Succeeded)
        {
            return [];
        }

        var kind = runner ?? RunnerKinds.TryParse(options.Value.DefaultRunner);
        return kind is { } k ? Warnings(options.Value.Runners, k) : [];
    }
}
