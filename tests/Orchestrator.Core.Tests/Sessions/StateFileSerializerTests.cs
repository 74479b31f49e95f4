using Orchestrator.Core.Common;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Tests.Sessions;

public sealed class StateFileSerializerTests
{
    private static SessionState Sample() => new()
    {
        Branch = "wip-oauth-login",
        Issues = ["#12", "yes", "123"],
        StartedAt = new DateTimeOffset(2026, 11, 21, 9, 15, 0, 123, TimeSpan.Zero),
        Updated = new DateTimeOffset(2026, 11, 21, 9, 20, 0, TimeSpan.Zero),
        Session = "20261121-091500-oauth-login-3f2a",
        SessionStartRef = "0123456789abcdef0123456789abcdef01234567",
        Description = "Add OAuth login.\nKeep: the old form: for admins.",
        Phase = SessionPhase.Plan,
        Isolation = SessionIsolation.InPlace,
        ProjectRoot = "/repos/app",
        WorkTree = "/repos/app",
        BaseBranch = "main",
        CurrentWave = 2,
        TotalWaves = 3,
        Gates = SessionGates.Initial with
        {
            Plan = new GateState(GateState.Approved, "approve", "user", "looks good: ship", new DateTimeOffset(2026, 11, 21, 9, 18, 0, TimeSpan.Zero)),
        },
        Runs = ["run-1"],
        Body = "# Session\n\n## Current Wave\n\nWave 2.\n",
    };

    [Fact]
    public void A_written_state_reads_back_equal_and_rewrites_byte_for_byte()
    {
        var text = StateFileSerializer.Format(Sample());

        var parsed = StateFileSerializer.Parse(text, "STATE.md");

        Assert.True(parsed.Succeeded, parsed.Error?.Message);
        var state = parsed.Value;
        var expected = Sample();
        Assert.Equal(expected.Issues, state.Issues);
        Assert.Equal(expected.StartedAt, state.StartedAt);
        Assert.Equal(expected.Description, state.Description);
        Assert.Equal(expected.Gates, state.Gates);
        Assert.Equal(expected.Isolation, state.Isolation);
        Assert.Equal((2, 3), (state.CurrentWave, state.TotalWaves));
        Assert.Equal(expected.Body, state.Body);
        Assert.Equal(text, StateFileSerializer.Format(state));
    }

    [Fact]
    public void Keys_written_by_other_tools_survive_a_rewrite()
    {
        var text = StateFileSerializer.Format(Sample());
        var withExtras = text.Replace("runs: [", "docs-tasks:\n- id: d1\n  audience: user\nvault-sync: true\nruns: [", StringComparison.Ordinal);

        var parsed = StateFileSerializer.Parse(withExtras, "STATE.md");
        Assert.True(parsed.Succeeded, parsed.Error?.Message);
        var rewritten = StateFileSerializer.Format(parsed.Value with { Phase = SessionPhase.Divide });
        var reparsed = StateFileSerializer.Parse(rewritten, "STATE.md").Value!;

        Assert.Equal(["docs-tasks", "vault-sync"], reparsed.ExtraFrontmatter.Select(e => e.Key));
        Assert.Contains("audience: user", reparsed.ExtraFrontmatter[0].Value);
        Assert.Equal(SessionPhase.Divide, reparsed.Phase);
        Assert.Equal(rewritten, StateFileSerializer.Format(reparsed));
    }

    [Fact]
    public void Free_text_is_quoted_so_other_yaml_readers_see_strings()
    {
        var text = StateFileSerializer.Format(Sample());

        Assert.Contains("issues: [\"#12\", \"yes\", \"123\"]", text);
        Assert.Contains("status: \"active\"", text);
        Assert.Contains("schema-version: 1", text);
    }

    [Theory]
    [InlineData("no frontmatter at all", "does not start with a '---'")]
    [InlineData("---\nbranch: x\n", "no closing '---'")]
    [InlineData("---\nbranch: [unclosed\n---\n", "not valid YAML")]
    [InlineData("---\nbranch: x\n---\n", "has no 'started_at'")]
    [InlineData("---\nbranch: x\nstarted_at: yesterday\nsession: s\nproject-root: /r\nwork-tree: /r\n---\n", "ISO 8601")]
    public void A_damaged_file_is_an_error_naming_the_file_and_the_problem(string text, string expected)
    {
        var parsed = StateFileSerializer.Parse(text, "/repo/.orchestrator/sessions/x/STATE.md");

        Assert.False(parsed.Succeeded);
        Assert.Equal(ErrorCode.StateCorrupt, parsed.Error.Code);
        Assert.Contains("/repo/.orchestrator/sessions/x/STATE.md", parsed.Error.Message);
        Assert.Contains(expected, parsed.Error.Message);
    }
}
