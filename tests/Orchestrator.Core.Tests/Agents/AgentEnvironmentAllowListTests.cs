using System.Collections;
using Orchestrator.Core.Agents;

namespace Orchestrator.Core.Tests.Agents;

public sealed class AgentEnvironmentAllowListTests
{
    private static readonly Hashtable Server = new()
    {
        ["PATH"] = "/usr/bin",
        ["HOME"] = "/home/u",
        ["LC_ALL"] = "C.UTF-8",
        ["TMPDIR"] = "/tmp",
        ["DOTNET_ROOT"] = "/usr/share/dotnet",
        ["ORCHESTRATOR_TOKEN"] = "dash",
        ["ORCHESTRATOR_OTHER"] = "x",
        ["GITHUB_TOKEN"] = "ghp_1",
        ["GH_TOKEN"] = "gh_2",
        ["GITEA_TOKEN"] = "gt_3",
        ["NUGET_API_KEY"] = "nk",
        ["NPM_CONFIG__AUTH"] = "na",
        ["AWS_SECRET_ACCESS_KEY"] = "aws",
        ["ANTHROPIC_API_KEY"] = "sk-ant",
        ["CLAUDE_CONFIG_DIR"] = "/home/u/.claude",
        ["OPENAI_API_KEY"] = "sk-oai",
        ["CODEX_HOME"] = "/home/u/.codex",
        ["SOME_RANDOM_VARIABLE"] = "r",
    };

    [Fact]
    public void Claude_gets_the_tool_chain_and_its_own_keys_but_no_server_secrets_and_no_other_vendor()
    {
        var environment = AgentProcessEnvironment.Build(null, Server, AgentVendor.Anthropic);

        Assert.Equal(["ANTHROPIC_API_KEY", "CLAUDE_CONFIG_DIR", "DOTNET_ROOT", "HOME", "LC_ALL", "PATH", "TMPDIR"], environment.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Codex_gets_only_the_openai_side()
    {
        var environment = AgentProcessEnvironment.Build(null, Server, AgentVendor.OpenAi);

        Assert.Equal("sk-oai", environment["OPENAI_API_KEY"]);
        Assert.Equal("/home/u/.codex", environment["CODEX_HOME"]);
        Assert.False(environment.ContainsKey("ANTHROPIC_API_KEY"));
        Assert.False(environment.ContainsKey("GITHUB_TOKEN"));
    }

    [Fact]
    public void A_command_agent_and_the_test_command_get_no_vendor_keys()
    {
        var environment = AgentProcessEnvironment.Build(null, Server);

        Assert.Equal(["DOTNET_ROOT", "HOME", "LC_ALL", "PATH", "TMPDIR"], environment.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Configured_env_adds_literals_and_named_server_variables_but_never_the_dashboard_token()
    {
        var configured = new Dictionary<string, string>
        {
            ["GH_TOKEN"] = "$GH_TOKEN",
            ["GITEA_TOKEN"] = "${GITEA_TOKEN}",
            ["MY_FLAG"] = "literal $ value",
            ["UNSET"] = "$NOT_SET_ANYWHERE",
            ["ORCHESTRATOR_TOKEN"] = "$ORCHESTRATOR_TOKEN",
        };

        var environment = AgentProcessEnvironment.Build(configured, Server);

        Assert.Equal("gh_2", environment["GH_TOKEN"]);
        Assert.Equal("gt_3", environment["GITEA_TOKEN"]);
        Assert.Equal("literal $ value", environment["MY_FLAG"]);
        Assert.Equal("", environment["UNSET"]);
        Assert.False(environment.ContainsKey("ORCHESTRATOR_TOKEN"));
        Assert.False(environment.ContainsKey("GITHUB_TOKEN"));
    }
}
