using Orchestrator.Core.Build.Journal;
using Orchestrator.Testing;
using static Orchestrator.Testing.TestChunks;

namespace Orchestrator.Core.Tests.Build;

/// <summary>The journal shows the time an executor attempt spends on its workspace, around attempt.started/finished.</summary>
public sealed class WorkspaceTimelineTests
{
    [Fact]
    public async Task Preparing_ready_and_released_frame_each_executor_attempt()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner().Executor("c1", ScriptedStep.Blocked("first try blocked"), ScriptedStep.Done("done", "src/c1.cs"));

        await harness.RunAsync(runner, BuildLoopHarness.Input([Chunk("c1")]), cancellationToken: TestContext.Current.CancellationToken);

        var events = RunJournal.ReadEvents(harness.RunDirectory)
            .Where(e => e.Data.TryGetProperty("chunkId", out var c) && c.GetString() == "c1" && e.Type.Split('.')[0] is "workspace" or "attempt")
            .Where(e => e.Type.StartsWith("workspace.", StringComparison.Ordinal) || e.Data.GetProperty("role").GetString() == "executor")
            .ToList();
        string[] oneAttempt = [RunEventTypes.WorkspacePreparing, RunEventTypes.WorkspaceReady, RunEventTypes.AttemptStarted, RunEventTypes.WorkspaceReleased, RunEventTypes.AttemptFinished];
        Assert.Equal([.. oneAttempt, .. oneAttempt], events.Select(e => e.Type));
        Assert.Equal([1, 1, 1, 1, 1, 2, 2, 2, 2, 2], events.Select(e => e.Data.GetProperty("attempt").GetInt32()));
        Assert.Equal("sessionTree", events[1].Data.GetProperty("kind").GetString());
        Assert.True(events[3].Data.GetProperty("discarded").GetBoolean());
        Assert.False(events[8].Data.GetProperty("discarded").GetBoolean());
        Assert.True(events[8].Data.GetProperty("agentMs").GetInt64() >= 0);
        Assert.True(events[8].Data.GetProperty("afterAgentMs").GetInt64() >= 0);
        Assert.Equal(events[2].Data.GetProperty("key").GetString(), events[0].Data.GetProperty("key").GetString());
    }
}
