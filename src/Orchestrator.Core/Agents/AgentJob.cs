using Orchestrator.Core.Common;

namespace Orchestrator.Core.Agents;

/// <summary>One agent job: a self-contained prompt for one agent at one tier, with the schema its answer must follow.</summary>
/// <param name="JobId">Unique per dispatch (a re-dispatch after resume gets a new id).</param>
/// <param name="RunId">The build run the job belongs to.</param>
/// <param name="Role">Executor, reviewer, ...</param>
/// <param name="Tier">Model tier; runners map it to a model name.</param>
/// <param name="Prompt">The full prompt (self-contained: the agent sees nothing else).</param>
/// <param name="WorkingDirectory">Where the agent works (the session tree or the chunk's worktree).</param>
/// <param name="OutputSchemaJson">JSON Schema of the structured answer.</param>
/// <param name="Timeout">How long the job may take; the engine enforces it too.</param>
/// <param name="LogPath">Where the runner writes the agent's raw output.</param>
/// <param name="ChunkId">The chunk, for executor and per-chunk reviewer jobs; null for the opus reviewer.</param>
/// <param name="Attempt">1-based attempt on the escalation ladder; 1 for reviewers.</param>
public sealed record AgentJob(
    string JobId,
    string RunId,
    AgentRole Role,
    ModelTier Tier,
    string Prompt,
    string WorkingDirectory,
    string OutputSchemaJson,
    TimeSpan Timeout,
    string LogPath,
    string? ChunkId,
    int Attempt)
{
    /// <summary>
    /// A reviewer in a disposable copy of the chunk's result: it may run a shell there (tests, linters); nothing it
    /// changes is kept. Executors always may edit; other reviewers only read.
    /// </summary>
    public bool ShellAllowed { get; init; }
}
