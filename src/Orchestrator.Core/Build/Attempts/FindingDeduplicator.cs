using System.Globalization;
using Orchestrator.Core.Agents.Answers;

namespace Orchestrator.Core.Build.Attempts;

/// <summary>The contract's dedupe: key <c>chunkId|severity|file|line|lowercase(title)[0..60]</c>, first occurrence wins.</summary>
public static class FindingDeduplicator
{
    /// <summary>The dedupe key of a finding.</summary>
    public static string Key(ReviewFinding finding)
    {
        var title = finding.Title.ToLowerInvariant();
        if (title.Length > 60)
        {
            title = title[..60];
        }

        var severity = finding.Severity.ToString().ToLowerInvariant();
        var line = finding.Line?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
        return $"{finding.ChunkId}|{severity}|{finding.File ?? string.Empty}|{line}|{title}";
    }

    /// <summary>Findings without duplicates, in first-seen order.</summary>
    public static IReadOnlyList<ReviewFinding> Dedupe(IEnumerable<ReviewFinding> findings)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return findings.Where(f => seen.Add(Key(f))).ToList();
    }
}
