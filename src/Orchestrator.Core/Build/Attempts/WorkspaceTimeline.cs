using Orchestrator.Core.Build.Journal.Events;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Workspaces;

namespace Orchestrator.Core.Build.Attempts;

/// <summary>
/// Journals where an executor attempt's time goes outside its agent: <c>workspace.preparing</c> before the workspace is
/// made, <c>workspace.ready</c> when it is (how, and how long it took), and <c>workspace.released</c> once the change
/// was checked, applied, verified and the workspace given back (how long the agent ran, and how long all of that after
/// it took). <c>attempt.started</c> still marks the agent's dispatch, after <c>workspace.ready</c>. A reviewer's review
/// tree is framed the same way, under the review's key (<c>review:&lt;iteration&gt;:&lt;chunk&gt;</c>), around its
/// <c>attempt.started</c>; a review tree that could not be made is released at once (the reviewer reads the session tree).
/// </summary>
internal sealed class WorkspaceTimeline(BuildRunContext context, string key, string chunkId, int attempt)
{
    private long _preparing;
    private long _agentEnded;
    private TimeSpan _agent;

    public void Preparing()
    {
        _preparing = context.TimeProvider.GetTimestamp();
        context.Journal.Append(new WorkspacePreparing { Key = key, ChunkId = chunkId, Attempt = attempt });
    }

    public void Ready(ChunkWorkspace workspace) =>
        context.Journal.Append(new WorkspaceReady
        {
            Key = key,
            ChunkId = chunkId,
            Attempt = attempt,
            Workspace = workspace.WorkingDirectory,
            Kind = workspace.Kind,
            DurationMs = (long)context.TimeProvider.GetElapsedTime(_preparing).TotalMilliseconds,
        });

    public void AgentEnded(long agentStarted)
    {
        _agentEnded = context.TimeProvider.GetTimestamp();
        _agent = context.TimeProvider.GetElapsedTime(agentStarted, _agentEnded);
    }

    public void Released(bool discarded) =>
        context.Journal.Append(new WorkspaceReleased
        {
            Key = key,
            ChunkId = chunkId,
            Attempt = attempt,
            Discarded = discarded,
            AgentMs = (long)_agent.TotalMilliseconds,
            AfterAgentMs = _agentEnded == 0 ? 0 : (long)context.TimeProvider.GetElapsedTime(_agentEnded).TotalMilliseconds,
        });
}
