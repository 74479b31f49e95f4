using System.Text;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Close.Verification;

/// <summary>
/// The one agent of close: a reviewer reads the session's diff before the quality gate and reports findings in the
/// contract's reviewer shape. Informational: a failing or missing reviewer never blocks close.
/// </summary>
public sealed class SessionDiffReviewer(IAgentRunner runner)
{
    private const int MaxDiffChars = 60_000;

    public async Task<DiffReviewResult> ReviewAsync(string workTree, string description, string diff, string logPath, string jobScope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var shown = diff.Length > MaxDiffChars ? diff[..MaxDiffChars] + $"\n... (diff truncated: {diff.Length - MaxDiffChars} more characters; read the files for the rest)" : diff;
        var prompt = new StringBuilder()
            .AppendLine("You are the session reviewer. Review the session's changes below before they are committed. You may read files and run tests; do NOT modify anything.")
            .AppendLine().AppendLine("## Feature").AppendLine(description)
            .AppendLine().AppendLine("## Diff of the files to be committed").AppendLine("```diff").AppendLine(shown).AppendLine("```")
            .AppendLine().AppendLine("## What to report")
            .AppendLine("Findings with chunkId \"session\": severity blocker (broken, wrong, tests fail), concern (should consider) or nit (trivial); title, detail, file and line where possible. Report debug leftovers, secrets, unfinished code. Return {\"findings\": []} when all is well.")
            .ToString();
        var job = new AgentJob($"close-review-{Guid.NewGuid():N}", jobScope, AgentRole.Reviewer, ModelTier.Sonnet, prompt, workTree,
            AgentOutputSchemas.Reviewer, TimeSpan.FromMinutes(10), logPath, "session", 1);
        AgentOutcome outcome;
        try
        {
            outcome = await runner.RunAsync(job, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new DiffReviewResult(DiffReviewStatus.Failed, $"the {runner.Name} reviewer threw: {ex.Message}", [], 0);
        }

        if (outcome.Status != AgentOutcomeStatus.Completed)
        {
            return new DiffReviewResult(DiffReviewStatus.Failed, $"the {runner.Name} reviewer {outcome.Status.ToString().ToLowerInvariant()}: {outcome.FailureReason}", [], outcome.CostUsd);
        }

        var parsed = AgentOutputParser.ParseReviewer(outcome.StructuredOutput);
        return parsed.Value is { } review
            ? new DiffReviewResult(DiffReviewStatus.Completed, null, review.Findings.Select(f => f with { ChunkId = "session" }).ToList(), outcome.CostUsd)
            : new DiffReviewResult(DiffReviewStatus.Failed, parsed.Error, [], outcome.CostUsd);
    }
}
