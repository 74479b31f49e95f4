namespace Orchestrator.Core.Agents;

/// <summary>What an agent job is for.</summary>
public enum AgentRole
{
    Executor,
    Reviewer,
    OpusReviewer,
    Researcher,
    Planner,
    Divider,
}
