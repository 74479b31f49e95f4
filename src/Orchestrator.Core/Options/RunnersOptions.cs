namespace Orchestrator.Core.Options;

/// <summary>The <c>runners:</c> section of config.yaml: one entry per runner kind.</summary>
public sealed record RunnersOptions
{
    /// <summary>Claude Code (<c>claude -p</c>).</summary>
    public AgentCliOptions Claude { get; init; } = new();

    /// <summary>Codex (<c>codex exec</c>).</summary>
    public AgentCliOptions Codex { get; init; } = new();

    /// <summary>A user-defined command template (cursor-agent, gemini, ...).</summary>
    public CommandRunnerOptions Command { get; init; } = new();
}
