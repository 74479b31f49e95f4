using System.Text.RegularExpressions;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Planning;

/// <summary>
/// Which tier plans (the contract: sonnet by default, opus for cross-system design trade-offs, significant ambiguity
/// in the spec, a novel pattern with no precedent in the codebase, or correctness-critical work; never haiku), and why.
/// Read from the session's description, the rough spec and the re-plan feedback; every trigger found is named.
/// </summary>
public static partial class PlannerTierAdvisor
{
    /// <summary>Open questions / unknowns in the text at or above this count are "significant ambiguity".</summary>
    public const int AmbiguityThreshold = 3;

    public static (ModelTier Tier, string Reason) Choose(string description, string? spec, string? feedback, bool correctnessCritical)
    {
        var text = string.Join("\n", description ?? "", spec ?? "", feedback ?? "");
        var reasons = new List<string>();
        if (correctnessCritical)
        {
            var areas = OpusReviewAdvisor.CriticalAreasIn(text);
            reasons.Add(areas.Count > 0 ? $"correctness-critical ({string.Join(", ", areas)})" : "correctness-critical (the researchers said so)");
        }

        if (TradeOff().Match(text) is { Success: true } tradeOff)
        {
            reasons.Add($"cross-system trade-offs (\"{tradeOff.Value.Trim()}\")");
        }

        var unknowns = Ambiguity().Matches(text).Count + QuestionBullets().Matches(text).Count;
        if (unknowns >= AmbiguityThreshold)
        {
            reasons.Add($"significant ambiguity ({unknowns} open questions or unknowns)");
        }

        if (NoPrecedent().Match(text) is { Success: true } novel)
        {
            reasons.Add($"no precedent in the codebase (\"{novel.Value.Trim()}\")");
        }

        return reasons.Count > 0
            ? (ModelTier.Opus, string.Join("; ", reasons))
            : (ModelTier.Sonnet, "default (no cross-system trade-off, significant ambiguity, novel pattern or critical path found)");
    }

    [GeneratedRegex(@"\b(trade-?offs?|cross-system|cross-service|across (?:services|systems|components)|between (?:services|systems))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TradeOff();

    [GeneratedRegex(@"\b(unclear|ambiguous|ambiguity|undecided|unknown|TBD|to be decided)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Ambiguity();

    // A bullet that is a question ("- Should the cache be per user?").
    [GeneratedRegex(@"^\s*[-*]\s+[^\n]*\?\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex QuestionBullets();

    [GeneratedRegex(@"\b(no (?:existing |clear )?precedent|nothing similar|no existing (?:pattern|implementation|example)|novel (?:pattern|approach|algorithm)|new pattern|from scratch)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NoPrecedent();
}
