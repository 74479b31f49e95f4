using System.Text.RegularExpressions;
using Orchestrator.Core.Common;
using Orchestrator.Core.Planning.PhaseAgents;

namespace Orchestrator.Core.Planning;

/// <summary>
/// The spec phase's research angles (the source's five: locate code, adjacent systems, tests/config/docs, prior art,
/// constraints), two to four chosen from the description. Haiku reads, sonnet where the angle needs synthesis.
/// </summary>
public static partial class ResearchAngles
{
    public static ResearchAngle LocateCode { get; } = new("locate-code",
        "Find the code this feature changes or extends: entry points, modules, files and call paths, with file:line.", ModelTier.Haiku);

    public static ResearchAngle TestsConfigDocs { get; } = new("tests-config-docs",
        "How this area is tested, configured and documented: test projects and helpers, config keys, docs that must change.", ModelTier.Haiku);

    public static ResearchAngle AdjacentSystems { get; } = new("adjacent-systems",
        "Systems next to the change: callers, callees, shared data, APIs and contracts the change must keep working.", ModelTier.Sonnet);

    public static ResearchAngle Constraints { get; } = new("constraints",
        "Constraints: security, performance, compatibility, invariants and conventions the change must respect.", ModelTier.Sonnet);

    public static ResearchAngle PriorArt { get; } = new("prior-art",
        "Prior art: similar features or patterns already in the code base to reuse or copy.", ModelTier.Haiku);

    /// <summary>Two to four angles for <paramref name="description"/>: always locate-code and tests-config-docs.</summary>
    public static IReadOnlyList<ResearchAngle> ChooseFor(string description)
    {
        var words = Words(description);
        var angles = new List<ResearchAngle> { LocateCode, TestsConfigDocs };
        if (words.Any(IsIntegrationWord) || words.Count > 12)
        {
            angles.Add(AdjacentSystems);
        }

        if (OpusReviewAdvisor.CriticalAreasIn(description).Count > 0 || words.Any(IsConstraintWord))
        {
            angles.Add(Constraints);
        }

        if (angles.Count < 4 && words.Any(IsPriorArtWord))
        {
            angles.Add(PriorArt);
        }

        return angles;
    }

    private static bool IsIntegrationWord(string w) => w is "api" or "apis" or "service" or "services" or "client" or "server" or "database" or "db"
        or "queue" or "http" or "endpoint" or "endpoints" or "ui" or "frontend" or "backend" or "integration" or "integrate" or "sync" or "webhook"
        or "cache" or "event" or "events" or "plugin" or "cli";

    private static bool IsConstraintWord(string w) => w is "security" or "secure" or "performance" or "fast" or "latency" or "limit" or "limits"
        or "compatibility" or "compatible" or "backward" or "must" or "never" or "privacy" or "gdpr" or "scale";

    private static bool IsPriorArtWord(string w) => w is "like" or "similar" or "existing" or "pattern" or "replace" or "port" or "refactor"
        or "migrate" or "reuse" or "same";

    private static List<string> Words(string text) =>
        WordPattern().Matches(text ?? "").Select(m => m.Value.ToLowerInvariant()).ToList();

    [GeneratedRegex("[A-Za-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();
}
