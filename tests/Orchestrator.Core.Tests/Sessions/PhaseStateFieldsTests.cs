using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Tests.Sessions;

/// <summary>The fields the phases add to STATE.md survive a write and a read.</summary>
public sealed class PhaseStateFieldsTests
{
    [Fact]
    public void Correctness_flag_and_deferred_concerns_round_trip()
    {
        var state = new SessionState
        {
            Branch = "wip-x",
            StartedAt = new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero),
            Session = "20261121-090000-x-0000",
            Description = "x",
            ProjectRoot = "/r",
            WorkTree = "/r",
            CorrectnessCritical = true,
            DeferredConcerns =
            [
                new DeferredConcern("run-1", "c1", "concern", "Empty names: \"\"", "detail: yes", "src/a.cs", 3),
                new DeferredConcern("run-1", "c2", "blocker", "Crash"),
            ],
        };

        var text = StateFileSerializer.Format(state);
        var parsed = StateFileSerializer.Parse(text, "STATE.md");

        Assert.True(parsed.Succeeded, parsed.Error?.Message);
        Assert.True(parsed.Value.CorrectnessCritical);
        Assert.Equal(state.DeferredConcerns, parsed.Value.DeferredConcerns);
        Assert.Equal(text, StateFileSerializer.Format(parsed.Value));
        Assert.DoesNotContain("correctness-critical", StateFileSerializer.Format(state with { CorrectnessCritical = false, DeferredConcerns = [] }));
    }

    [Fact]
    public void Run_outcomes_are_appended_to_the_wave_history_section()
    {
        var body = SessionBody.Initial("s1", "Add login");

        var once = SessionBody.AppendToSection(body, SessionBody.WaveHistory, "run-1 completed");
        var twice = SessionBody.AppendToSection(once, SessionBody.WaveHistory, "run-2 failed");
        var missing = SessionBody.AppendToSection("# Session\n", SessionBody.WaveHistory, "run-1 completed");

        Assert.Contains("## Wave History\n\n- run-1 completed\n- run-2 failed\n\n## Deviations\n", twice);
        Assert.Equal(body.Replace("## Wave History\n\n", "## Wave History\n\n- run-1 completed\n\n", StringComparison.Ordinal), once);
        Assert.Equal("# Session\n\n## Wave History\n\n- run-1 completed\n", missing);
    }
}
