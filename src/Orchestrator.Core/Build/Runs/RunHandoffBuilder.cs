using System.Globalization;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Journal;

namespace Orchestrator.Core.Build.Runs;

/// <summary>The <see cref="Handoff"/> of a finished build run (build_result): nothing is committed before close.</summary>
public static class RunHandoffBuilder
{
    /// <param name="result">The run's result.</param>
    /// <param name="snapshot">The run's journal fold (the files each chunk changed), when readable.</param>
    /// <param name="branch">The session's branch.</param>
    /// <param name="uncommitted">What git shows as changed in the session tree.</param>
    public static Handoff Build(BuildRunResult result, RunSnapshot? snapshot, string branch, IReadOnlyList<string> uncommitted)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(uncommitted);
        var ok = result.PerChunk.Count(p => p.Ok);
        var chunks = result.PerChunk.Select(p => new HandoffChunk(p.ChunkId, p.Ok ? "done" : "failed",
                snapshot?.Chunks.FirstOrDefault(c => c.Id == p.ChunkId)?.FilesChanged ?? []))
            .Concat(result.Skipped.Select(s => new HandoffChunk(s.ChunkId, "skipped", [])))
            .ToList();
        var caveats = new List<string>();
        caveats.AddRange(result.UnresolvedBlockers.Select(f => "unresolved blocker: " + Describe(f)));
        caveats.AddRange(result.PerChunk.Where(p => !p.Ok).Select(p => $"manual handling: {p.ChunkId} failed after {p.Attempts} attempt(s){(p.Blocker is null ? "" : $" ({p.Blocker})")}"));
        caveats.AddRange(result.Skipped.Select(s => $"manual handling: {s.ChunkId} skipped ({s.Reason})"));
        caveats.AddRange(result.Concerns.Select(f => "concern (decide at the concerns gate): " + Describe(f)));
        caveats.AddRange(result.Nits.Select(f => "nit: " + Describe(f)));
        var outcome = string.Create(CultureInfo.InvariantCulture,
            $"{ok}/{chunks.Count} chunks done, {result.UnresolvedBlockers.Count} unresolved blocker(s), {result.Concerns.Count} concern(s), {result.Nits.Count} nit(s), ${result.CostUsd:0.00}");
        var tests = result.TestsPassed switch
        {
            true => "passed (server-run over the session tree)",
            false => "FAILED (server-run over the session tree)",
            _ => result.PerChunk.Any(p => p.TestsPassed == false) ? "failing in some chunk(s)" : result.PerChunk.Any(p => p.TestsPassed == true) ? "passed per chunk" : "not run",
        };
        return new Handoff(outcome, chunks, branch, "nothing committed yet (close commits after the publish gate)", uncommitted, tests, caveats);
    }

    public static string Describe(ReviewFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return $"{finding.ChunkId}: {finding.Title}{(finding.File is null ? "" : $" ({finding.File}{(finding.Line is null ? "" : $":{finding.Line}")})")}";
    }
}
