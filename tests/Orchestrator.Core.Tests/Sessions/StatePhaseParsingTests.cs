using Orchestrator.Core.Common;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Tests.Sessions;

/// <summary>A malformed phase in STATE.md is reported, never read as "started" without a word.</summary>
public sealed class StatePhaseParsingTests
{
    private const string Head = "---\nbranch: x\nstarted_at: 2026-01-01T00:00:00Z\nsession: s\nproject-root: /r\nwork-tree: /r\n";

    [Theory]
    [InlineData("phase: banana\n", "phase \"banana\" is not one of started, spec, plan, divide, build, review, closed")]
    [InlineData("phase: Build\n", "phase \"Build\" is not one of")]
    [InlineData("phase: [build, plan]\n", "is not one of")]
    [InlineData("phase:\n  nested: build\n", "is not one of")]
    public void A_malformed_phase_is_an_error_naming_the_file(string phase, string expected)
    {
        var parsed = StateFileSerializer.Parse(Head + phase + "---\n", "/repo/.orchestrator/sessions/s/STATE.md");

        Assert.False(parsed.Succeeded);
        Assert.Equal(ErrorCode.StateCorrupt, parsed.Error.Code);
        Assert.Contains("/repo/.orchestrator/sessions/s/STATE.md cannot be read", parsed.Error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, parsed.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "started")]
    [InlineData("phase: ~\n", "started")]
    [InlineData("phase: divide\n", "divide")]
    public void A_missing_or_known_phase_reads_as_written(string phase, string expected)
    {
        var parsed = StateFileSerializer.Parse(Head + phase + "---\n", "STATE.md");

        Assert.True(parsed.Succeeded, parsed.Error?.Message);
        Assert.Equal(expected, parsed.Value.Phase);
    }
}
