using System.Text;

namespace Orchestrator.Core.Planning.PhaseAgents;

/// <summary>Self-contained prompts for the spec, plan and divide phases (researchers, planner, divider).</summary>
public static class PhaseAgentPrompts
{
    public static string Researcher(string description, ResearchAngle angle)
    {
        ArgumentNullException.ThrowIfNull(angle);
        var text = new StringBuilder();
        text.AppendLine("You are a READ-ONLY research agent preparing a feature spec. Do NOT modify, create or delete any file.");
        text.AppendLine();
        text.AppendLine("## Feature");
        text.AppendLine(description?.Trim());
        text.AppendLine();
        text.AppendLine($"## Your angle: {angle.Name}");
        text.AppendLine(angle.Focus);
        text.AppendLine();
        text.AppendLine("## Rules");
        text.AppendLine("- Research only your angle; other agents cover the others.");
        text.AppendLine("- Cite concrete locations as file:line and name call paths, conventions and constraints you see.");
        text.AppendLine("- Set correctnessCritical=true if the feature touches auth, crypto, payments, transactions, migrations or concurrency.");
        text.AppendLine("- Answer with the JSON object of the output schema: summary, locations, conventions, constraints, correctnessCritical.");
        return text.ToString();
    }

    public static string Planner(string description, string? spec, string? previousPlan, string? feedback)
    {
        var text = new StringBuilder();
        text.AppendLine("You are the planning agent for a feature. Read the code as needed; do NOT modify any file.");
        text.AppendLine();
        text.AppendLine("## Feature");
        text.AppendLine(description?.Trim());
        text.AppendLine();
        text.AppendLine("## Rough spec (from the research agents)");
        text.AppendLine(string.IsNullOrWhiteSpace(spec) ? "(no spec: research what you need yourself)" : spec.Trim());
        if (!string.IsNullOrWhiteSpace(previousPlan))
        {
            text.AppendLine();
            text.AppendLine("## Previous plan");
            text.AppendLine(previousPlan.Trim());
        }

        if (!string.IsNullOrWhiteSpace(feedback))
        {
            text.AppendLine();
            text.AppendLine("## The user's feedback (revise the plan to address it)");
            text.AppendLine(feedback.Trim());
        }

        text.AppendLine();
        text.AppendLine("## Deliver");
        text.AppendLine("- plan: Markdown with concrete file/line targets, the approach, and how it will be tested.");
        text.AppendLine("- gaps: what is unknown or unverified; openQuestions: what only the user can decide.");
        text.AppendLine("- suggestedChunking: how the work splits into chunks that own disjoint files.");
        text.AppendLine("- Answer with the JSON object of the output schema.");
        return text.ToString();
    }

    public static string Divider(string description, string plan, bool testsRequired, string? problems)
    {
        var text = new StringBuilder();
        text.AppendLine("You split an approved plan into chunks for parallel coding agents. Read the code as needed; do NOT modify any file.");
        text.AppendLine();
        text.AppendLine("## Feature");
        text.AppendLine(description?.Trim());
        text.AppendLine();
        text.AppendLine("## Approved plan");
        text.AppendLine(plan?.Trim());
        text.AppendLine();
        text.AppendLine("## Rules");
        text.AppendLine("- Group chunks into waves; waves run in order, chunks of one wave in parallel. Chunks of one wave own DISJOINT files.");
        text.AppendLine("- id (c1, c2, ...), scope (one line), files (repository-relative paths the chunk owns), dependsOn when a chunk needs another.");
        text.AppendLine("- model: haiku = mechanical, one file, clear acceptance; sonnet = default; opus = novel algorithm, complex state, auth/crypto/payments/transactions/migrations/concurrency, deep refactor.");
        text.AppendLine("- opusReview: true for opus-tier or correctness-critical chunks.");
        text.AppendLine(testsRequired ? "- The project has tests: set tests=true (with testScope) on chunks that change behaviour." : "- The project has no test suite requirement: tests=false unless the plan asks for tests.");
        if (!string.IsNullOrWhiteSpace(problems))
        {
            text.AppendLine();
            text.AppendLine("## Your previous proposal was invalid; fix these problems");
            text.AppendLine(problems.Trim());
        }

        text.AppendLine("- Answer with the JSON object of the output schema: { \"waves\": [[chunk, ...], ...] }.");
        return text.ToString();
    }
}
