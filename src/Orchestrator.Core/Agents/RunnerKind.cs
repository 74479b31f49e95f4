namespace Orchestrator.Core.Agents;

/// <summary>
/// Who runs a job's agent. Parsed once where a name enters the server (<c>runner</c> tool argument,
/// <c>default_runner</c> / <c>close.review_runner</c> in config.yaml) by <see cref="RunnerKinds"/>; code below that
/// boundary never compares runner names.
/// </summary>
public enum RunnerKind
{
    /// <summary>Claude Code (<c>claude -p</c>).</summary>
    Claude,

    /// <summary>Codex (<c>codex exec</c>).</summary>
    Codex,

    /// <summary>The user's command template (<c>runners.command</c>: cursor-agent, gemini, ...).</summary>
    Command,

    /// <summary>The MCP client's own sub-agents, through agent_job_next / agent_job_submit (build runs only).</summary>
    Host,
}
