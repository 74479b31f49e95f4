using Orchestrator.Core.Agents;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Journal.Events;
using Orchestrator.Core.Build.Workspaces;
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
            .Where(e => e is WorkspacePreparing { ChunkId: "c1" } or WorkspaceReady { ChunkId: "c1" } or WorkspaceReleased { ChunkId: "c1" }
                or AttemptStarted { ChunkId: "c1", Role: AgentRole.Executor } or AttemptFinished { ChunkId: "c1", Role: AgentRole.Executor })
            .ToList();
        string[] oneAttempt = [RunEventTypes.WorkspacePreparing, RunEventTypes.WorkspaceReady, RunEventTypes.AttemptStarted, RunEventTypes.WorkspaceReleased, RunEventTypes.AttemptFinished];
        Assert.Equal([.. oneAttempt, .. oneAttempt], events.Select(e => e.Type));
        Assert.Equal([1, 1, 1, 1, 1, 2, 2, 2, 2, 2], events.Select(Attempt));
        Assert.Equal(WorkspaceKind.SessionTree, Assert.IsType<WorkspaceReady>(events[1]).Kind);
        Assert.True(Assert.IsType<WorkspaceReleased>(events[3]).Discarded);
        var released = Assert.IsType<WorkspaceReleased>(events[8]);
        Assert.False(released.Discarded);
        Assert.True(released.AgentMs >= 0);
        Assert.True(released.AfterAgentMs >= 0);
        Assert.Equal(Assert.IsType<AttemptStarted>(events[2]).Key, Assert.IsType<WorkspacePreparing>(events[0]).Key);
        Assert.Contains("\"kind\":\"sessionTree\"", RunJournal.Serialize(events[1]), StringComparison.Ordinal);
    }

    private static int Attempt(RunEvent e) => e switch
    {
        WorkspacePreparing w => w.Attempt,
        WorkspaceReady w => w.Attempt,
        WorkspaceReleased w => w.Attempt,
        AttemptStarted a => a.Attempt,
        AttemptFinished a => a.Attempt,
        _ => 0,
    };
}
