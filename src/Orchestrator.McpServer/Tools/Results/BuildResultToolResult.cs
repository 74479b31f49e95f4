using System.Text.Json.Serialization;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Common;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>The result of <c>build_result</c>: the source's build result object (camelCase) plus costUsd, durationMs, scopeViolations and the hand-off (Markdown).</summary>
public sealed record BuildResultToolResult(
    [property: JsonPropertyName("runId")] string RunId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("stopReason")] string? StopReason,
    [property: JsonPropertyName("iterations")] int Iterations,
    [property: JsonPropertyName("hitReviewCap")] bool HitReviewCap,
    [property: JsonPropertyName("perChunk")] IReadOnlyList<PerChunkToolResult> PerChunk,
    [property: JsonPropertyName("skipped")] IReadOnlyList<SkippedToolResult> Skipped,
    [property: JsonPropertyName("unassigned")] IReadOnlyList<ResultFindingToolResult> Unassigned,
    [property: JsonPropertyName("filesChanged")] IReadOnlyList<string> FilesChanged,
    [property: JsonPropertyName("clean")] IReadOnlyList<string> Clean,
    [property: JsonPropertyName("unresolvedBlockers")] IReadOnlyList<ResultFindingToolResult> UnresolvedBlockers,
    [property: JsonPropertyName("concerns")] IReadOnlyList<ResultFindingToolResult> Concerns,
    [property: JsonPropertyName("nits")] IReadOnlyList<ResultFindingToolResult> Nits,
    [property: JsonPropertyName("costUsd")] decimal CostUsd,
    [property: JsonPropertyName("durationMs")] long DurationMs,
    [property: JsonPropertyName("scopeViolations")] IReadOnlyList<ScopeViolationToolResult> ScopeViolations,
    [property: JsonPropertyName("handoff")] string? Handoff = null)
{
    public static BuildResultToolResult From(BuildRunResult r, string status) => new(
        r.RunId,
        status,
        r.StopReason,
        r.Iterations,
        r.HitReviewCap,
        // ok is the chunk's verdict (done), not only its ladder: a chunk whose tests failed or whose review blockers
        // remain is not ok, and its blocker says why.
        r.PerChunk.Select(p => r.Verdicts.FirstOrDefault(v => v.ChunkId == p.ChunkId) is { } verdict
            ? new PerChunkToolResult(p.ChunkId, verdict.IsDone, p.Attempts, p.Model.ToName(), p.Summary, p.TestsPassed, verdict.Reason)
            : new PerChunkToolResult(p.ChunkId, p.Ok, p.Attempts, p.Model.ToName(), p.Summary, p.TestsPassed, p.Blocker)).ToList(),
        r.Skipped.Select(s => new SkippedToolResult(s.ChunkId, s.Reason)).ToList(),
        r.Unassigned.Select(ResultFindingToolResult.From).ToList(),
        r.FilesChanged,
        r.Clean,
        r.UnresolvedBlockers.Select(ResultFindingToolResult.From).ToList(),
        r.Concerns.Select(ResultFindingToolResult.From).ToList(),
        r.Nits.Select(ResultFindingToolResult.From).ToList(),
        r.CostUsd,
        r.DurationMs,
        r.ScopeViolations.Select(v => new ScopeViolationToolResult(v.ChunkId, v.Attempt, v.Files, v.Reason)).ToList());
}
