namespace Orchestrator.Core.Options;

/// <summary>
/// Settings of one agent CLI runner (<c>runners: claude:</c> / <c>runners: codex:</c> in config.yaml). Every key is
/// optional: the executable comes from PATH, the tier map from the runner's defaults.
/// </summary>
public sealed record AgentCliOptions
{
    /// <summary>Path of the CLI; null = found on PATH by its usual name (<c>claude</c>, <c>codex</c>).</summary>
    public string? Executable { get; init; }

    /// <summary>Tier -> model name; unset tiers keep the runner's default.</summary>
    public TierModelNames Models { get; init; } = new();

    /// <summary>
    /// Codex's tier -> reasoning effort (Claude ignores it, as Codex ignores max_turns) (<c>reasoning_effort:</c>; low, medium, high, ...), passed as
    /// <c>-c model_reasoning_effort=...</c>; unset tiers keep the runner's default (haiku low, opus high, sonnet the model's own).
    /// </summary>
    public TierModelNames ReasoningEffort { get; init; } = new();

    /// <summary>Claude's <c>--max-turns</c> (ignored by Codex, which has no such flag).</summary>
    public int? MaxTurns { get; init; }

    /// <summary>Arguments added after the runner's own (e.g. Codex <c>-c</c> overrides for a custom provider).</summary>
    public IReadOnlyList<string> ExtraArgs { get; init; } = [];

    /// <summary>
    /// Variables set on the agent's process on top of the server's environment (which reaches the agent minus
    /// <c>CLAUDECODE</c> and <c>CLAUDE_CODE_ENTRYPOINT</c>). Values of secret-looking names are masked in logs.
    /// </summary>
    public Dictionary<string, string> Env { get; init; } = [];

    /// <summary>
    /// Stall limit (<c>stall_timeout</c>, e.g. <c>10m</c> or <c>90s</c>): an agent whose event stream is silent this long
    /// is stopped and its attempt ends as stalled, apart from the job's total timeout. Null: 10 minutes.
    /// </summary>
    public TimeSpan? StallTimeout { get; init; }

    /// <summary>
    /// Spiral limit (<c>spiral_repeats</c>): the same tool call with the same input this many times, with no edit in
    /// between, stops the agent and ends its attempt as a spiral. Null: 5.
    /// </summary>
    public int? SpiralRepeats { get; init; }

    /// <summary>Claude only: the tools a reviewer or researcher gets (read-only by default).</summary>
    public IReadOnlyList<string>? ReadOnlyTools { get; init; }
}
