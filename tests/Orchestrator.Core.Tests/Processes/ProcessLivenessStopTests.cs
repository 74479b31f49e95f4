using Orchestrator.Core.Options;
using Orchestrator.Core.Processes;

namespace Orchestrator.Core.Tests.Processes;

/// <summary>A child that goes silent is stopped as stalled (not timed out); a watcher's reason stops it too.</summary>
public sealed class ProcessLivenessStopTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class StopOn(string word) : IOutputLineWatcher
    {
        public List<string> Seen { get; } = [];

        public string? Observe(string line)
        {
            Seen.Add(line);
            return line == word ? $"saw {word}" : null;
        }
    }

    [Fact]
    public async Task A_child_that_prints_then_goes_silent_is_stalled_while_a_steady_one_is_not()
    {
        var spec = new ProcessSpec("sh", ["-c", "echo start; sleep 60"], Path.GetTempPath())
        {
            Timeout = TimeSpan.FromSeconds(50),
            IdleTimeout = TimeSpan.FromSeconds(2),
            KillGracePeriod = TimeSpan.FromMilliseconds(500),
        };
        var steady = spec with { Arguments = ["-c", "for i in 1 2 3 4 5 6; do echo $i; sleep 0.5; done"] };

        var stalled = await new ProcessRunner().RunAsync(spec, Ct);
        var alive = await new ProcessRunner().RunAsync(steady, Ct);

        Assert.Equal(ProcessExitKind.Stalled, stalled.Kind);
        Assert.Equal("no output for 2 s; process tree stopped", stalled.FailureMessage);
        Assert.True(stalled.Duration < TimeSpan.FromSeconds(40), stalled.Duration.ToString());
        Assert.Equal("start\n", stalled.StandardOutput);
        Assert.Equal((ProcessExitKind.Exited, 0), (alive.Kind, alive.ExitCode));
    }

    [Fact]
    public async Task A_watcher_reason_stops_the_tree_with_that_reason()
    {
        var watcher = new StopOn("loop");
        var spec = new ProcessSpec("sh", ["-c", "echo one; echo loop; sleep 60; echo never"], Path.GetTempPath())
        {
            Timeout = TimeSpan.FromSeconds(50),
            OutputWatcher = watcher,
            KillGracePeriod = TimeSpan.FromMilliseconds(500),
        };

        var result = await new ProcessRunner().RunAsync(spec, Ct);

        Assert.Equal(ProcessExitKind.StoppedByWatcher, result.Kind);
        Assert.Equal("saw loop; process tree stopped", result.FailureMessage);
        Assert.Equal(["one", "loop"], watcher.Seen);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("45", 45)]
    public void Stall_timeout_and_spiral_repeats_are_read_from_config_yaml(string stall, int seconds)
    {
        var options = OptionsLoader.Parse($"runners:\n  claude:\n    stall_timeout: {stall}\n    spiral_repeats: 4\n", "config.yaml");

        Assert.True(options.Succeeded, options.Error?.Message);
        Assert.Equal(TimeSpan.FromSeconds(seconds), options.Value!.Runners.Claude.StallTimeout);
        Assert.Equal(4, options.Value.Runners.Claude.SpiralRepeats);
        Assert.False(OptionsLoader.Parse("runners:\n  codex:\n    stall_timeout: soon\n", "config.yaml").Succeeded);
    }
}
