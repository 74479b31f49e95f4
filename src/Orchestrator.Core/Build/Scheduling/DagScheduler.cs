using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Build.Scheduling;

/// <summary>
/// Runs a chunk plan as a DAG: one <see cref="TaskCompletionSource{TResult}"/> per chunk, a chunk starts as soon as
/// its dependencies succeeded (or, in wave mode, when the previous wave finished), bounded by a
/// <see cref="ConcurrencyGate"/>. A failed or skipped chunk skips its dependents, transitively.
/// </summary>
internal sealed class DagScheduler(int? maxParallel, SchedulingMode mode)
{
    /// <summary>
    /// Runs every chunk. <paramref name="stopReason"/> is asked right before a chunk starts (e.g. "budget
    /// exhausted"); <paramref name="onSkipped"/> is told about each skip when it happens.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, ChunkRunOutcome>> RunAsync(
        ChunkPlan plan,
        Func<PlannedChunk, CancellationToken, Task<ChunkRunOutcome>> runChunk,
        Func<PlannedChunk, string?> stopReason,
        Action<PlannedChunk, ChunkRunOutcome> onSkipped,
        CancellationToken cancellationToken)
    {
        var gate = new ConcurrencyGate(maxParallel);
        var priorities = CriticalPathLengths(plan);
        var done = plan.Chunks.ToDictionary(
            c => c.Id,
            _ => new TaskCompletionSource<ChunkRunOutcome>(TaskCreationOptions.RunContinuationsAsynchronously),
            StringComparer.Ordinal);
        var waveDone = new Task[plan.WaveCount];
        for (var w = 0; w < plan.WaveCount; w++)
        {
            waveDone[w] = Task.WhenAll(plan.Chunks.Where(c => c.Wave == w).Select(c => (Task)done[c.Id].Task));
        }

        async Task RunNodeAsync(PlannedChunk chunk)
        {
            try
            {
                done[chunk.Id].TrySetResult(await DecideAndRunAsync(chunk).ConfigureAwait(false));
            }
            catch (Exception ex)
            {
                // A bug: surface it, and let dependents end instead of waiting forever.
                done[chunk.Id].TrySetException(ex);
                throw;
            }
        }

        async Task<ChunkRunOutcome> DecideAndRunAsync(PlannedChunk chunk)
        {
            var dependencies = await Task.WhenAll(chunk.Dependencies.Select(d => done[d].Task)).ConfigureAwait(false);
            if (mode == SchedulingMode.Waves && chunk.Wave > 0)
            {
                await waveDone[chunk.Wave - 1].ConfigureAwait(false);
            }

            if (cancellationToken.IsCancellationRequested || dependencies.Any(d => d.State == ChunkRunState.Cancelled))
            {
                return ChunkRunOutcome.Cancelled;
            }

            var budgetSkip = dependencies.FirstOrDefault(d => d.BudgetStop);
            if (budgetSkip is not null)
            {
                return Skip(chunk, new ChunkRunOutcome(ChunkRunState.Skipped, budgetSkip.Reason, BudgetStop: true));
            }

            var failed = chunk.Dependencies.Where((_, i) => dependencies[i].State != ChunkRunState.Succeeded).ToList();
            if (failed.Count > 0)
            {
                return Skip(chunk, new ChunkRunOutcome(ChunkRunState.Skipped, $"dependency failed: {string.Join(", ", failed)}"));
            }

            ConcurrencyGate.Lease lease;
            try
            {
                lease = await gate.EnterAsync(priorities[chunk.Id], cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ChunkRunOutcome.Cancelled;
            }

            using (lease)
            {
                if (stopReason(chunk) is { } reason)
                {
                    return Skip(chunk, new ChunkRunOutcome(ChunkRunState.Skipped, reason, BudgetStop: true));
                }

                return await runChunk(chunk, cancellationToken).ConfigureAwait(false);
            }
        }

        ChunkRunOutcome Skip(PlannedChunk chunk, ChunkRunOutcome outcome)
        {
            onSkipped(chunk, outcome);
            return outcome;
        }

        await Task.WhenAll(plan.Chunks.Select(RunNodeAsync)).ConfigureAwait(false);
        return done.ToDictionary(p => p.Key, p => p.Value.Task.Result, StringComparer.Ordinal);
    }

    /// <summary>Number of chunks on the longest chain starting at each chunk: the release priority.</summary>
    private static Dictionary<string, int> CriticalPathLengths(ChunkPlan plan)
    {
        var dependents = plan.Chunks.ToDictionary(c => c.Id, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var chunk in plan.Chunks)
        {
            foreach (var dependency in chunk.Dependencies)
            {
                dependents[dependency].Add(chunk.Id);
            }
        }

        // Dependents before their dependencies (the reverse of a topological order): no recursion over a deep chain.
        var lengths = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = DependencyClosure.DependenciesFirst(plan.Chunks);
        for (var i = order.Count - 1; i >= 0; i--)
        {
            var id = order[i].Id;
            lengths[id] = 1 + dependents[id].Select(d => lengths[d]).DefaultIfEmpty(0).Max();
        }

        return lengths;
    }
}
