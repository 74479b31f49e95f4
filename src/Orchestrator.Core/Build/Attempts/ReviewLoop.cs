using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Journal.Events;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Scheduling;
using Orchestrator.Core.Common;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Build.Attempts;

/// <summary>
/// The contract's review and blocker auto-fix loop: one sonnet reviewer per executed chunk plus one opus reviewer over
/// the opusReview chunks, all concurrent; then at most 2 iterations that re-run the full ladder for every chunk with
/// blockers (findings as context) and re-review only those chunks. Concerns and nits are never auto-fixed.
/// </summary>
internal sealed class ReviewLoop(BuildRunContext context, AttemptDispatcher dispatcher, Func<PlannedChunk, int, string?, CancellationToken, Task<LadderResult>> runChunk)
{
    /// <summary>The contract's cap on fix iterations.</summary>
    public const int MaxIterations = 2;

    /// <summary>Reviews <paramref name="executed"/> (chunks that succeeded) and fixes blockers.</summary>
    public async Task<(int Iterations, IReadOnlyList<ReviewFinding> Findings, IReadOnlyList<ReviewFinding> Unassigned, IReadOnlyList<string> Reviewed)> RunAsync(
        IReadOnlyList<PlannedChunk> executed,
        CancellationToken cancellationToken)
    {
        var gate = new ConcurrencyGate(context.Options.EffectiveMaxParallel);
        context.Journal.Append(new PhaseChanged { Phase = "review", Iteration = 0 }, "phase:review:0");
        var round = await ReviewRoundAsync(0, executed, gate, cancellationToken).ConfigureAwait(false);
        var findings = round.Findings.ToList();
        var unassigned = round.Unassigned.ToList();
        var reviewed = round.Reviewed.ToHashSet(StringComparer.Ordinal);
        var iteration = 0;
        var interrupted = round.Interrupted;
        while (!interrupted && iteration < MaxIterations && findings.Any(f => f.Severity == FindingSeverity.Blocker))
        {
            iteration++;
            var blocked = findings.Where(f => f.Severity == FindingSeverity.Blocker)
                .Select(f => f.ChunkId)
                .Distinct(StringComparer.Ordinal)
                .Where(context.Plan.Contains)
                .Select(id => context.Plan[id])
                .OrderBy(c => c.Order)
                .ToList();
            context.Journal.Append(new PhaseChanged { Phase = "fix", Iteration = iteration }, $"phase:fix:{iteration}");

            var fixes = await Task.WhenAll(blocked.Select(async chunk =>
            {
                var seed = AgentPrompts.ReviewFixContext(findings.Where(f => f.ChunkId == chunk.Id && f.Severity == FindingSeverity.Blocker));
                using var lease = await EnterAsync(gate, cancellationToken).ConfigureAwait(false);
                if (lease is null)
                {
                    return (chunk, Result: (LadderResult?)null);
                }

                return (chunk, Result: (LadderResult?)await runChunk(chunk, iteration, seed, cancellationToken).ConfigureAwait(false));
            })).ConfigureAwait(false);

            interrupted = cancellationToken.IsCancellationRequested || fixes.Any(f => f.Result is null || f.Result.State == ChunkRunState.Cancelled || f.Result.BudgetStop);

            // A chunk whose fix ladder failed keeps its blockers (they are still unresolved) and is not re-reviewed.
            var fixedChunks = fixes.Where(f => f.Result is { Ok: true }).Select(f => f.chunk).ToList();
            if (fixedChunks.Count == 0)
            {
                continue;
            }

            var reRound = await ReviewRoundAsync(iteration, fixedChunks, gate, cancellationToken).ConfigureAwait(false);
            var replaced = fixedChunks.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            findings = findings.Where(f => !replaced.Contains(f.ChunkId)).Concat(reRound.Findings).ToList();
            unassigned = FindingDeduplicator.Dedupe(unassigned.Concat(reRound.Unassigned)).ToList();
            reviewed.ExceptWith(replaced);
            reviewed.UnionWith(reRound.Reviewed);
            interrupted |= reRound.Interrupted;
        }

        return (iteration, findings, unassigned, context.Plan.Chunks.Where(c => reviewed.Contains(c.Id)).Select(c => c.Id).ToList());
    }

    private async Task<ReviewRoundResult> ReviewRoundAsync(int iteration, IReadOnlyList<PlannedChunk> chunks, ConcurrencyGate gate, CancellationToken cancellationToken)
    {
        var ids = chunks.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var perChunk = chunks.Select(async chunk =>
        {
            var prompt = AgentPrompts.Reviewer(context.Input.Description, context.Input.Plan, context.Input.TestsRequired, chunk, Summary(chunk.Id), Note(chunk.Id));
            var result = await ReviewAsync(AgentRole.Reviewer, chunk.Id, iteration, ModelTier.Sonnet, prompt, gate, cancellationToken).ConfigureAwait(false);

            // A per-chunk reviewer is scoped to its chunk, whatever chunkId it wrote.
            return (chunk.Id, result, Findings: result?.Findings?.Select(f => f with { ChunkId = chunk.Id }).ToList());
        }).ToList();

        var opusChunks = chunks.Where(c => c.OpusReview).ToList();
        Task<AttemptResult?>? opus = null;
        if (opusChunks.Count > 0)
        {
            var prompt = AgentPrompts.OpusReviewer(context.Input.Description, context.Input.Plan, opusChunks.Select(c => (c, Summary(c.Id))).ToList());
            opus = ReviewAsync(AgentRole.OpusReviewer, null, iteration, ModelTier.Opus, prompt, gate, cancellationToken);
        }

        var perChunkResults = await Task.WhenAll(perChunk).ConfigureAwait(false);
        var opusResult = opus is null ? null : await opus.ConfigureAwait(false);

        var assigned = new List<ReviewFinding>();
        var unassigned = new List<ReviewFinding>();
        var reviewed = new List<string>();
        var interrupted = false;
        foreach (var (id, result, findings) in perChunkResults)
        {
            interrupted |= result is null || !result.Started;
            if (result is { Outcome: AttemptOutcome.Succeeded })
            {
                reviewed.Add(id);
                assigned.AddRange(findings!);
            }
        }

        if (opus is not null)
        {
            interrupted |= opusResult is null || !opusResult.Started;
            foreach (var finding in opusResult?.Findings ?? [])
            {
                (ids.Contains(finding.ChunkId) ? assigned : unassigned).Add(finding);
            }
        }

        var round = new ReviewRoundResult(FindingDeduplicator.Dedupe(assigned), FindingDeduplicator.Dedupe(unassigned), reviewed, interrupted || cancellationToken.IsCancellationRequested);
        if (!cancellationToken.IsCancellationRequested)
        {
            context.Journal.Append(
                new ReviewFinished { Iteration = iteration, ChunkIds = ids.ToList(), Findings = round.Findings, Unassigned = round.Unassigned, Reviewed = round.Reviewed },
                $"review:{iteration}:{string.Join(',', reviewed)}");
        }

        return round;
    }

    private async Task<AttemptResult?> ReviewAsync(AgentRole role, string? chunkId, int iteration, ModelTier tier, string prompt, ConcurrencyGate gate, CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(gate, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            return null;
        }

        return await dispatcher.RunReviewerAsync(role, chunkId, iteration, tier, prompt, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IDisposable?> EnterAsync(ConcurrencyGate gate, CancellationToken cancellationToken)
    {
        try
        {
            return await gate.EnterAsync(0, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private string? Note(string chunkId)
    {
        lock (context.Executions)
        {
            if (!context.Executions.TryGetValue(chunkId, out var execution))
            {
                return null;
            }

            var notes = new List<string>();
            if (execution.LastOutput?.NoChangeReason is { } why && execution.FilesChanged.Count == 0)
            {
                notes.Add($"the implementer changed no file, saying: {why}");
            }

            if (execution.Discrepancy is { } discrepancy)
            {
                notes.Add($"the implementer {discrepancy}");
            }

            return notes.Count == 0 ? null : string.Join("; ", notes);
        }
    }

    private string? Summary(string chunkId)
    {
        lock (context.Executions)
        {
            return context.Executions.TryGetValue(chunkId, out var execution) ? execution.LastOutput?.Summary : null;
        }
    }
}
