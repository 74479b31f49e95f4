using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Workspaces;

namespace Orchestrator.Core.Build.Attempts;

/// <summary>
/// Journals where an executor attempt's time goes outside its agent: <c>workspace.preparing</c> before the workspace is
/// made, <c>workspace.ready</c> when it is (how, and how long it took), and <c>workspace.released</c> once the change
/// was checked, applied, verified and the workspace given back (how long the agent ran, and how long all of that after
/// it took). <c>attempt.started</c> still marks the agent's dispatch, after <c>workspace.ready</c>.
/// </summary>
internal sealed class WorkspaceTimeline(BuildRunContext context, string key, string chunkId, int attempt)
{
    private long _preparing;
    private long _agentEnded;
    private TimeSpan _agent;

    public void Preparing()
    {
        _preparing = context.TimeProvider.GetTimestamp();
        context.Journal.Append(RunEventTypes.WorkspacePreparing, new { key, chunkId, attempt });
    }

    public void Ready(ChunkWorkspace workspace) =>
        context.Journal.Append(RunEventTypes.WorkspaceReady, new
        {
            key,
            chunkId,
            attempt,
            workspace = workspace.WorkingDirectory,
            kind = workspace.Kind,
            durationMs = (long)context.TimeProvider.GetElapsedTime(_preparing).TotalMilliseconds,
        });

    public void AgentEnded(long agentStarted)
    {
        _agentEnded = context.TimeProvider.GetTimestamp();
        _agent = context.TimeProvider.GetElapsedTime(agentStarted, _agentEnded);
    }

    public void Released(bool discarded) =>
        context.Journal.Append(RunEventTypes.WorkspaceReleased, new
        {
            key,
            chunkId,
            attempt,
            discarded,
            agentMs = (long)_agent.TotalMilliseconds,
            afterAgentMs = (long)context.TimeProvider.GetElapsedTime(_agentEnded).TotalMilliseconds,
        });
}
