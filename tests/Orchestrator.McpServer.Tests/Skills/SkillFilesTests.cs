using System.Text.RegularExpressions;
using Orchestrator.McpServer.Tests.Harness;

namespace Orchestrator.McpServer.Tests.Skills;

/// <summary>The SKILL.md files: valid frontmatter, and they drive the contract's tools in the workflow's order.</summary>
public sealed partial class SkillFilesTests
{
    // DESIGN.md's tool contract: skills must call tools by these names only.
    private static readonly string[] ContractTools =
    [
        "session_start", "session_status", "spec", "plan", "approve", "divide", "build_start", "build_status", "build_result",
        "build_cancel", "build_resume", "agent_job_next", "agent_job_submit", "close",
    ];

    private static string SkillsDirectory => Path.Combine(ServerExecutable.RepositoryRoot, "skills");

    [Theory]
    [InlineData("orchestrate")]
    [InlineData("close")]
    public void Frontmatter_has_the_folders_name_and_a_description(string skill)
    {
        var text = File.ReadAllText(Path.Combine(SkillsDirectory, skill, "SKILL.md"));

        var match = Frontmatter().Match(text);
        Assert.True(match.Success, $"skills/{skill}/SKILL.md must start with --- frontmatter ---");
        var fields = match.Groups[1].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        Assert.Equal(skill, fields["name"]);
        Assert.InRange(fields["description"].Length, 50, 1024);
        Assert.Contains("orchestrator", fields["description"]);
    }

    [Theory]
    [InlineData("orchestrate")]
    [InlineData("close")]
    public void Every_tool_call_names_a_contract_tool(string skill)
    {
        var text = File.ReadAllText(Path.Combine(SkillsDirectory, skill, "SKILL.md"));

        var called = ToolCall().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.NotEmpty(called);
        Assert.All(called, tool => Assert.Contains(tool, ContractTools));
    }

    [Fact]
    public void Orchestrate_walks_the_flow_in_order_with_both_gates_polling_the_host_runner_and_the_concerns_decision()
    {
        var text = File.ReadAllText(Path.Combine(SkillsDirectory, "orchestrate", "SKILL.md"));

        string[] inOrder =
        [
            "`session_start(description)`", "`spec(session_id)`", "`plan(session_id)`", "gate: \"plan\"", "`divide(session_id)`", "gate: \"build\"",
            "`build_start(session_id)`", "build_status(run_id, wait_seconds: 30", "`agent_job_next(run_id, wait_seconds: 30)`",
            "`agent_job_submit(job_id, output)`", "`build_result(run_id)`", "gate: \"concerns\"", "`close(session_id)`",
        ];
        var positions = inOrder.Select(s => (s, text.IndexOf(s, StringComparison.Ordinal))).ToList();
        Assert.All(positions, p => Assert.True(p.Item2 >= 0, $"orchestrate/SKILL.md does not mention {p.s}"));
        Assert.Equal(positions.Select(p => p.Item2).Order(), positions.Select(p => p.Item2));
        Assert.Contains("`\"address\"`", text);
        Assert.Contains("`\"defer\"`", text);
    }

    [GeneratedRegex(@"\A---\n(.*?)\n---\n", RegexOptions.Singleline)]
    private static partial Regex Frontmatter();

    [GeneratedRegex(@"`([a-z_]+)\(")]
    private static partial Regex ToolCall();
}
