using System.Text;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Build.Attempts;

/// <summary>
/// Self-contained prompts for executors and reviewers in the contract's structure. Every prompt repeats the feature
/// and the full plan because agents see nothing of the parent conversation.
/// </summary>
public static class AgentPrompts
{
    /// <summary>The executor prompt for one attempt; <paramref name="attemptContext"/> becomes "## Context for this attempt".</summary>
    public static string Executor(string description, string plan, bool testsRequired, PlannedChunk chunk, string? attemptContext)
    {
        var text = new StringBuilder();
        text.AppendLine("You are implementing ONE chunk of an approved feature plan. Stay strictly within this chunk's scope.");
        AppendFeatureAndPlan(text, description, plan);
        text.AppendLine();
        text.AppendLine($"## Your chunk: {chunk.Id}");
        text.AppendLine($"Scope: {chunk.Scope}");
        text.AppendLine($"Files you own: {OwnedFiles(chunk)}");
        text.AppendLine(TestsLine(chunk, testsRequired));
        text.AppendLine();
        text.AppendLine("## Rules");
        text.AppendLine("- Implement only this chunk. Do NOT modify files owned by other chunks.");
        text.AppendLine("- Follow existing codebase conventions: naming, file layout, imports, idioms.");
        if (testsRequired)
        {
            text.AppendLine("- Run the relevant tests/lint before reporting status=\"done\".");
        }

        text.AppendLine("- If you cannot complete it, set status=\"blocked\" and describe the blocker precisely. Do not guess or fake completion.");
        text.AppendLine("- Answer with the JSON object of the output schema: status, summary, filesChanged, testsPassed (when you ran tests), blocker (when blocked).");
        if (!string.IsNullOrWhiteSpace(attemptContext))
        {
            text.AppendLine();
            text.AppendLine("## Context for this attempt");
            text.AppendLine(attemptContext.Trim());
        }

        return text.ToString().TrimEnd() + "\n";
    }

    /// <summary>The "## Context for this attempt" text after a failed attempt (attempts 2 and 3 of the ladder).</summary>
    public static string RetryContext(int failedAttempt, string reason) =>
        $"Attempt {failedAttempt} did not complete. Reported blocker: {reason}\nClarify the success criteria and address this blocker directly.";

    /// <summary>The context of a fix iteration: the reviewer's blocking findings for this chunk.</summary>
    public static string ReviewFixContext(IEnumerable<ReviewFinding> blockers)
    {
        var text = new StringBuilder();
        text.AppendLine("A reviewer flagged blocking issues with your earlier implementation:");
        foreach (var finding in blockers)
        {
            text.Append("- ").Append(finding.Title);
            if (!string.IsNullOrWhiteSpace(finding.Detail))
            {
                text.Append(": ").Append(finding.Detail);
            }

            if (!string.IsNullOrWhiteSpace(finding.File))
            {
                text.Append(" (").Append(finding.File);
                if (finding.Line is { } line)
                {
                    text.Append(':').Append(line);
                }

                text.Append(')');
            }

            text.AppendLine();
        }

        text.Append("Fix these specifically.");
        return text.ToString();
    }

    /// <summary>The per-chunk reviewer prompt (sonnet tier).</summary>
    public static string Reviewer(string description, string plan, bool testsRequired, PlannedChunk chunk, string? implementerSummary, string? implementerNote = null)
    {
        var text = new StringBuilder();
        text.AppendLine("You are reviewing the implementation of ONE chunk for correctness, convention compliance and spec adherence. You may read files and run tests/lint. Do NOT modify code.");
        AppendFeatureAndPlan(text, description, plan);
        text.AppendLine();
        text.AppendLine($"## Chunk under review: {chunk.Id}");
        text.AppendLine($"Scope: {chunk.Scope}");
        text.AppendLine($"Files (review the changes to these): {OwnedFiles(chunk)}");
        text.AppendLine($"Implementer reported: {(string.IsNullOrWhiteSpace(implementerSummary) ? "(no summary)" : implementerSummary)}");
        if (!string.IsNullOrWhiteSpace(implementerNote))
        {
            // What the server measured against the implementer's claims: the reviewer judges whether it is acceptable.
            text.AppendLine($"Checked by the server: {implementerNote}");
        }
        text.AppendLine();
        text.AppendLine("## Check");
        text.AppendLine("- Codebase conventions: naming, file layout, imports, idioms");
        text.AppendLine(testsRequired ? "- Tests pass; lint/type checks are clean" : "- (no test suite required for this project)");
        text.AppendLine("- Spec compliance: does it implement what the chunk asked for?");
        text.AppendLine("- Pitfalls: error paths, null/empty handling, dead code, stale TODOs, leftover debug output");
        text.AppendLine("- No regressions in unrelated code");
        text.AppendLine();
        text.AppendLine("## Rules");
        text.AppendLine("- Do NOT modify any file. Read, and run tests or linters, only.");
        text.AppendLine("- Tag each finding's severity: \"blocker\" (broken/wrong/tests fail: must fix), \"concern\" (should consider), \"nit\" (trivial).");
        text.AppendLine($"- Set chunkId=\"{chunk.Id}\" on every finding; give file and line when you can.");
        text.AppendLine("- Answer with the JSON object of the output schema: { \"findings\": [...] }. Return an empty findings array if clean.");
        return text.ToString().TrimEnd() + "\n";
    }

    /// <summary>The single opus reviewer prompt over every chunk flagged opusReview.</summary>
    public static string OpusReviewer(string description, string plan, IReadOnlyList<(PlannedChunk Chunk, string? Summary)> chunks)
    {
        var text = new StringBuilder();
        text.AppendLine("You are the senior correctness/security reviewer of the following chunks ONLY. Read the code and reason hard about edge cases, concurrency, data integrity, auth and security. Do NOT modify code.");
        AppendFeatureAndPlan(text, description, plan);
        text.AppendLine();
        text.AppendLine("## Chunks in scope");
        foreach (var (chunk, summary) in chunks)
        {
            text.AppendLine($"- {chunk.Id}: {chunk.Scope} [{OwnedFiles(chunk)}]");
            text.AppendLine($"  Implementer reported: {(string.IsNullOrWhiteSpace(summary) ? "(no summary)" : summary)}");
        }

        text.AppendLine();
        text.AppendLine("## Rules");
        text.AppendLine("- Do NOT modify any file. Read, and run tests or linters, only.");
        text.AppendLine("- Tag each finding's severity: \"blocker\" (broken/wrong/tests fail: must fix), \"concern\" (should consider), \"nit\" (trivial).");
        text.AppendLine($"- Set chunkId to the relevant chunk, one of: {string.Join(", ", chunks.Select(c => c.Chunk.Id))}.");
        text.AppendLine("- Answer with the JSON object of the output schema: { \"findings\": [...] }. Return an empty findings array if clean.");
        return text.ToString().TrimEnd() + "\n";
    }

    private static void AppendFeatureAndPlan(StringBuilder text, string description, string plan)
    {
        text.AppendLine();
        // Inputs deserialised from JSON can carry nulls despite the annotations; a prompt must still be produced.
        text.AppendLine("## Feature");
        text.AppendLine(description?.Trim());
        text.AppendLine();
        text.AppendLine("## Agreed plan (context, do not re-litigate)");
        text.AppendLine(plan?.Trim());
    }

    private static string OwnedFiles(PlannedChunk chunk) =>
        chunk.Files.Count > 0
            ? string.Join(", ", chunk.Files)
            : "(determine from scope; touch nothing owned by other chunks)";

    private static string TestsLine(PlannedChunk chunk, bool testsRequired)
    {
        if (chunk.Tests)
        {
            return string.IsNullOrWhiteSpace(chunk.TestScope)
                ? "Tests: write/update tests for this chunk."
                : $"Tests: write/update tests for this chunk. {chunk.TestScope.Trim()}";
        }

        return testsRequired
            ? "Tests: ensure existing tests still pass; you need not add new ones."
            : "Tests: this project has no test suite requirement.";
    }
}
