using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Common;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Build.Attempts;

/// <summary>
/// The contract's per-chunk escalation: at most 3 attempts; 1 = the chunk's tier with the base prompt (plus any
/// seed context); 2 = same tier with "attempt 1 did not complete, reported blocker: ..."; 3 = one tier up.
/// </summary>
internal sealed class EscalationLadder(BuildRunContext context, AttemptDispatcher dispatcher)
{
    /// <summary>The contract's attempt cap.</summary>
    public const int MaxAttempts = 3;

    /// <summary>The tier of attempt <paramref name="attempt"/> for a chunk planned at <paramref name="chunkTier"/>.</summary>
    public static ModelTier TierFor(ModelTier chunkTier, int attempt) => attempt >= MaxAttempts ? chunkTier.Bump() : chunkTier;

    /// <summary>Runs the ladder for one chunk in review iteration <paramref name="iteration"/> (0 = first execution).</summary>
    public async Task<LadderResult> RunAsync(PlannedChunk chunk, int iteration, string? seedContext, CancellationToken cancellationToken)
    {
        var attemptContext = seedContext;
        AttemptResult? last = null;
        var tier = chunk.Tier;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            tier = TierFor(chunk.Tier, attempt);
            var prompt = AgentPrompts.Executor(context.Input.Description, context.Input.Plan, context.Input.TestsRequired, chunk, attemptContext);
            var result = await dispatcher.RunExecutorAsync(chunk, iteration, attempt, tier, prompt, cancellationToken).ConfigureAwait(false);
            if (result.Outcome == AttemptOutcome.InfrastructureFailed || (result.BudgetStopped && context.PauseReason is not null))
            {
                // The run paused: this attempt does not count, the chunk neither failed nor moved up a tier.
                return new LadderResult(ChunkRunState.Cancelled, attempt - 1, last?.Tier ?? tier, last?.Executor, context.PauseReason ?? result.Reason, [], null, BudgetStop: false) { Paused = true };
            }

            if (result.BudgetStopped)
            {
                return new LadderResult(ChunkRunState.Failed, attempt - 1, last?.Tier ?? tier, last?.Executor, result.Reason, last?.FilesChanged ?? [], last?.TestsPassed, BudgetStop: true);
            }

            if (result.Outcome == AttemptOutcome.Cancelled)
            {
                return new LadderResult(ChunkRunState.Cancelled, attempt, tier, last?.Executor, "cancelled", [], null, BudgetStop: false);
            }

            if (result.Outcome == AttemptOutcome.Succeeded)
            {
                return new LadderResult(ChunkRunState.Succeeded, attempt, tier, result.Executor, null, result.FilesChanged, result.TestsPassed, BudgetStop: false) { Discrepancy = result.Discrepancy };
            }

            last = result;
            // The reviewer's findings (a fix iteration's seed) stay in the prompt: a retry must still fix them.
            var retry = AgentPrompts.RetryContext(attempt, result.Reason ?? AgentOutputParser.NoResult);
            attemptContext = string.IsNullOrWhiteSpace(seedContext) ? retry : $"{seedContext}\n\n{retry}";
        }

        return new LadderResult(
            ChunkRunState.Failed,
            MaxAttempts,
            tier,
            last?.Executor,
            last?.Reason ?? AgentOutputParser.NoResult,
            last?.FilesChanged ?? [],
            last?.TestsPassed,
            BudgetStop: false);
    }
}
