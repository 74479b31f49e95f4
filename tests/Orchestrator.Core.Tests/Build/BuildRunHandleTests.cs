using Orchestrator.Core.Agents;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Testing;
using static Orchestrator.Testing.TestChunks;

namespace Orchestrator.Core.Tests.Build;

public sealed class BuildRunHandleTests
{
    [Fact]
    public async Task Start_returns_at_once_and_cancel_then_resume_completes_the_run()
    {
        using var harness = new BuildLoopHarness();
        var runner = new ScriptedAgentRunner().Executor("c1", ScriptedStep.Hang());
        var loop = new BuildLoop(runner, TimeProvider.System);

        using var handle = loop.Start(harness.Request(BuildLoopHarness.Input([Chunk("c1")])));
        Assert.Equal("run-1", handle.RunId);
        await runner.WaitForJobAsync(j => j.ChunkId == "c1").WaitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(ChunkRunState.Running, handle.Events.Snapshot!.Chunks.Single().State);
        handle.Cancel();
        var cancelled = await handle.Completion.WaitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(BuildRunStatus.Cancelled, cancelled.Status);
        Assert.True(handle.Events.IsFinished);

        var again = new ScriptedAgentRunner();
        using var resumed = new BuildLoop(again, TimeProvider.System).StartResume(harness.RunDirectory, null);
        var result = await resumed.Completion.WaitAsync(TestContext.Current.CancellationToken);

        Assert.Equal("run-1", resumed.RunId);
        Assert.Equal(BuildRunStatus.Completed, result.Status);
        Assert.Single(again.JobsFor(AgentRole.Executor, "c1"));
        Assert.Equal(BuildRunStatus.Completed, resumed.Events.Snapshot!.Status);
        Assert.True(resumed.Events.LastSeq > cancelled.Attempts.Count);
    }
}
