using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Close.Discovery;
using Orchestrator.Core.Close.QualityGate;
using Orchestrator.Core.Close.Verification;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Close.Issues;

/// <summary>
/// What close files: a carryover issue for every unfinished chunk and one for concerns left on a done chunk (with what
/// the user deferred at the concerns gate), <c>priority:high</c> ones for a failed gate, for the diff reviewer's blockers
/// and for the discovery scan's high and critical findings.
/// </summary>
public static class IssueDraftCollector
{
    public static IReadOnlyList<PendingIssue> Collect(SessionState state, PlanVerification verification, QualityGateResult gate, DiffReviewResult review,
        CloseRequest request, ICollection<string> problems, IReadOnlyList<DiscoveryFinding>? discoveries = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(verification);
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(problems);
        var drafts = verification.Chunks.Where(c => !c.IsDone).Select(c => new PendingIssue("carryover", c.ChunkId, CarryoverIssues.ForChunk(state, c))).ToList();
        var deferred = state.DeferredConcerns.Select(d => new ReviewFinding(d.ChunkId,
            string.Equals(d.Severity, "blocker", StringComparison.OrdinalIgnoreCase) ? FindingSeverity.Blocker : FindingSeverity.Concern, d.Title, d.Detail, d.File, d.Line)).ToList();
        foreach (var chunk in verification.Chunks.Where(c => c.IsDone))
        {
            var open = chunk.OpenFindings
                .Concat(deferred.Where(d => d.ChunkId == chunk.ChunkId && !chunk.OpenFindings.Any(f => string.Equals(f.Title, d.Title, StringComparison.OrdinalIgnoreCase))))
                .ToList();
            if (open.Count > 0)
            {
                drafts.Add(new PendingIssue("concerns", chunk.ChunkId, CarryoverIssues.ForConcerns(state, chunk with { OpenFindings = open })));
            }
        }

        var unplaced = deferred.Where(d => !verification.Chunks.Any(c => c.ChunkId == d.ChunkId)).ToList();
        if (unplaced.Count > 0)
        {
            problems.Add($"{unplaced.Count} deferred finding(s) name no chunk of this session ({string.Join(", ", unplaced.Select(d => d.ChunkId).Distinct())}); they are listed in the report only.");
        }

        if (gate.Status == QualityGateStatus.Failed)
        {
            drafts.Add(new PendingIssue("quality_gate", null, CarryoverIssues.ForFailedGate(state, gate, request.AllowFailingGate && request.Commit)));
        }

        drafts.AddRange(review.Findings.Where(f => f.Severity == FindingSeverity.Blocker)
            .Select(f => new PendingIssue("discovery", null, CarryoverIssues.ForReviewFinding(state, f))));
        // One issue per kind and file: three secrets in one file are one thing to fix.
        drafts.AddRange((discoveries ?? []).Where(d => d.IsFiled).DistinctBy(d => (d.Kind, d.File))
            .Select(d => new PendingIssue("discovery", null, DiscoveryIssues.For(state, d))));
        return drafts;
    }
}
