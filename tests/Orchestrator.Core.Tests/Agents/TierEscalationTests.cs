using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Agents.Runners.Codex;
using Orchestrator.Core.Common;
using Orchestrator.Core.Options;
using Orchestrator.Core.Processes;

namespace Orchestrator.Core.Tests.Agents;

/// <summary>Tiers escalate on every runner by default; a configuration that flattens them is warned about.</summary>
public sealed class TierEscalationTests
{
    private static AgentJob Job(ModelTier tier) =>
        new("j1", "r1", AgentRole.Executor, tier, "Implement it.", "/tmp", AgentOutputSchemas.Executor, TimeSpan.FromSeconds(30), "/tmp/c1-1.log", "c1", 1);

    private static RunnersOptions Parse(string yaml)
    {
        var parsed = OptionsLoader.Parse(yaml, "config.yaml");
        Assert.True(parsed.Succeeded, parsed.Error?.Message);
        return parsed.Value!.Runners;
    }

    [Fact]
    public void Codex_tiers_differ_by_reasoning_effort_by_default_and_the_sonnet_tier_keeps_the_models_own()
    {
        var runner = new CodexAgentRunner(new ProcessRunner(), "/bin/codex", new AgentCliOptions());

        var haiku = runner.ArgumentsFor(Job(ModelTier.Haiku), "/s.json");
        var sonnet = runner.ArgumentsFor(Job(ModelTier.Sonnet), "/s.json");
        var opus = runner.ArgumentsFor(Job(ModelTier.Opus), "/s.json");

        Assert.Equal(["-c", "model_reasoning_effort=\"low\""], haiku.SkipWhile(a => a != "gpt-5.5").Skip(1).Take(2));
        Assert.DoesNotContain(sonnet, a => a.StartsWith("model_reasoning_effort", StringComparison.Ordinal));
        Assert.Equal(["-c", "model_reasoning_effort=\"high\""], opus.SkipWhile(a => a != "gpt-5.5").Skip(1).Take(2));
    }

    [Fact]
    public void The_defaults_of_every_runner_escalate_so_nothing_is_warned()
    {
        var runners = new RunnersOptions();

        Assert.All(Enum.GetValues<RunnerKind>(), kind => Assert.Empty(TierEscalationCheck.Warnings(runners, kind)));
    }

    [Fact]
    public void Every_tier_on_one_model_is_warned_for_the_runner_that_has_it()
    {
        var runners = Parse("""
            runners:
              claude:
                models: { haiku: claude-opus-4-8, sonnet: claude-opus-4-8, opus: claude-opus-4-8 }
              codex:
                reasoning_effort: { haiku: medium, sonnet: medium, opus: medium }
            """);

        var claude = Assert.Single(TierEscalationCheck.Warnings(runners, RunnerKind.Claude));
        var codex = Assert.Single(TierEscalationCheck.Warnings(runners, RunnerKind.Codex));

        Assert.Contains("runners.claude.models give every tier the same model (claude-opus-4-8)", claude);
        Assert.Contains("gpt-5.5 at medium effort", codex);
        Assert.Empty(TierEscalationCheck.Warnings(runners, RunnerKind.Command));
    }

    [Fact]
    public void A_command_template_without_a_model_placeholder_is_warned()
    {
        var runners = Parse("runners:\n  command:\n    executable: gemini\n    args: [\"-p\", \"{prompt_file}\"]\n");

        Assert.Contains("has no {model}", Assert.Single(TierEscalationCheck.Warnings(runners, RunnerKind.Command)));
    }

    [Theory]
    [InlineData("runners:\n  codex:\n    reasoning_effort: { opus: extreme }\n", "'runners.codex.reasoning_effort.opus' is 'extreme'; expected one of: minimal, low, medium, high, xhigh, max")]
    [InlineData("runners:\n  codex:\n    reasoning_effort: { ultra: high }\n", "unknown key 'ultra'")]
    public void Reasoning_effort_values_and_tiers_are_checked(string yaml, string message)
    {
        var parsed = OptionsLoader.Parse(yaml, "config.yaml");

        Assert.False(parsed.Succeeded);
        Assert.Contains(message, parsed.Error!.Message);
    }
}
