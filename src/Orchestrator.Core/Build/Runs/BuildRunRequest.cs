namespace Orchestrator.Core.Build.Runs;

/// <summary>Everything needed to start a run.</summary>
/// <param name="RunId">Stable id of the run (the MCP layer's run_id).</param>
/// <param name="RunDirectory">Where events.jsonl, result.json and logs/ go (.orchestrator/runs/&lt;runId&gt;); created if missing.</param>
/// <param name="WorkingDirectory">The session tree: the repository the agents edit; file paths are checked against it.</param>
/// <param name="Input">The approved plan.</param>
/// <param name="Options">Concurrency, mode, budget, timeout.</param>
public sealed record BuildRunRequest(
    string RunId,
    string RunDirectory,
    string WorkingDirectory,
    BuildRunInput Input,
    BuildOptions Options);
