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
}
