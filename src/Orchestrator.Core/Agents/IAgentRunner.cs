namespace Orchestrator.Core.Agents;

/// <summary>Runs one agent job (claude, codex, a command template, the MCP host, or a scripted fake).</summary>
public interface IAgentRunner
{
    /// <summary>Short name for logs and results ("claude", "codex", "host", ...).</summary>
    string Name { get; }

    /// <summary>Runs the job to an outcome; honours <paramref name="cancellationToken"/> by stopping the agent.</summary>
    Task<AgentOutcome> RunAsync(AgentJob job, CancellationToken cancellationToken);
}
