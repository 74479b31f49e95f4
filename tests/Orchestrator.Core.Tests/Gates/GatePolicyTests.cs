using Orchestrator.Core.Gates;
using Orchestrator.Core.Options;

namespace Orchestrator.Core.Tests.Gates;

/// <summary>The gate policy: config.yaml's <c>gates:</c>, the command line winning over it, and the refusal's ways forward.</summary>
public sealed class GatePolicyTests
{
    [Theory]
    [InlineData("gates: client\n", GateDecider.Client)]
    [InlineData("gates: dashboard\n", GateDecider.Dashboard)]
    [InlineData("gates: user\n", GateDecider.User)]
    [InlineData("default_runner: codex\n", GateDecider.User)]
    public void Config_yaml_names_the_decider_and_user_is_the_default(string yaml, GateDecider expected)
    {
        var parsed = OptionsLoader.Parse(yaml, "config.yaml");

        Assert.True(parsed.Succeeded, parsed.Error?.Message);
        Assert.Equal(expected, parsed.Value.Gates);
        Assert.Equal(expected, GatePolicy.Effective(null, parsed.Value));
    }

    [Fact]
    public void An_unknown_decider_in_config_yaml_is_an_error_naming_the_line()
    {
        var parsed = OptionsLoader.Parse("default_runner: claude\ngates: nobody\n", "config.yaml");

        Assert.False(parsed.Succeeded);
        Assert.Contains("line 2", parsed.Error!.Message);
    }

    [Fact]
    public void The_command_line_wins_over_config_yaml()
    {
        var configured = new OrchestratorOptions { Gates = GateDecider.Dashboard };

        Assert.Equal(GateDecider.Client, GatePolicy.Effective(GateDecider.Client, configured));
        Assert.Equal(GateDecider.User, GatePolicy.Effective(GateDecider.User, configured));
        Assert.Equal(GateDecider.Dashboard, GatePolicy.Effective(null, configured));
    }

    [Theory]
    [InlineData("user", GateDecider.User)]
    [InlineData(" Dashboard ", GateDecider.Dashboard)]
    [InlineData("CLIENT", GateDecider.Client)]
    public void Names_parse_back_to_their_decider(string text, GateDecider expected)
    {
        Assert.True(GatePolicy.TryParse(text, out var decider));
        Assert.Equal(expected, decider);
        Assert.Equal(text.Trim().ToLowerInvariant(), GatePolicy.NameOf(decider));
        Assert.False(GatePolicy.TryParse("anyone", out _));
    }

    [Fact]
    public void The_ways_forward_name_the_form_the_dashboard_and_the_client_decider()
    {
        var stdio = GatePolicy.WaysForward("plan", null);
        var http = GatePolicy.WaysForward("build", "http://127.0.0.1:7777/");

        Assert.Contains("call approve(gate: \"plan\") again", stdio);
        Assert.Contains("--http", stdio);
        Assert.Contains("--gates dashboard", stdio);
        Assert.Contains("--gates client", stdio);
        Assert.Contains("gates: client", stdio);
        Assert.Contains("open http://127.0.0.1:7777/", http);
    }
}
