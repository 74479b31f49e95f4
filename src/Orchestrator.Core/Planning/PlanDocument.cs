using System.Text;

namespace Orchestrator.Core.Planning;

/// <summary>
/// plan.md: the plan followed by Gaps / Open questions / Suggested chunking sections. A host-supplied plan is read
/// back the same way so its gaps and questions show up in the result too.
/// </summary>
public static class PlanDocument
{
    private const string GapsHeading = "## Gaps";
    private const string QuestionsHeading = "## Open questions";
    private const string ChunkingHeading = "## Suggested chunking";

    public static string Format(string plan, IReadOnlyList<string> gaps, IReadOnlyList<string> openQuestions, string suggestedChunking)
    {
        var text = new StringBuilder(plan.Trim()).Append("\n\n");
        AppendList(text, GapsHeading, gaps);
        AppendList(text, QuestionsHeading, openQuestions);
        if (!string.IsNullOrWhiteSpace(suggestedChunking))
        {
            text.Append(ChunkingHeading).Append('\n').Append(suggestedChunking.Trim()).Append("\n\n");
        }

        return text.ToString().TrimEnd() + "\n";
    }

    /// <summary>The bullet items under a heading whose text contains <paramref name="headingWord"/> (case-insensitive).</summary>
    public static IReadOnlyList<string> Bullets(string markdown, string headingWord) =>
        Section(markdown, headingWord)
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("- ", StringComparison.Ordinal) || l.StartsWith("* ", StringComparison.Ordinal))
            .Select(l => l[2..].Trim())
            .ToList();

    /// <summary>The text under a heading whose text contains <paramref name="headingWord"/>, or "".</summary>
    public static string SectionText(string markdown, string headingWord) => string.Join("\n", Section(markdown, headingWord)).Trim();

    private static List<string> Section(string markdown, string headingWord)
    {
        var lines = (markdown ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var result = new List<string>();
        var inside = false;
        var level = 0;
        foreach (var line in lines)
        {
            var hashes = line.TakeWhile(c => c == '#').Count();
            if (hashes > 0 && line.Length > hashes && line[hashes] == ' ')
            {
                if (inside && hashes <= level)
                {
                    break;
                }

                if (!inside && line.Contains(headingWord, StringComparison.OrdinalIgnoreCase))
                {
                    inside = true;
                    level = hashes;
                    continue;
                }
            }

            if (inside)
            {
                result.Add(line);
            }
        }

        return result;
    }

    private static void AppendList(StringBuilder text, string heading, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        text.Append(heading).Append('\n');
        foreach (var item in items)
        {
            text.Append("- ").Append(item.Trim()).Append('\n');
        }

        text.Append('\n');
    }
}
