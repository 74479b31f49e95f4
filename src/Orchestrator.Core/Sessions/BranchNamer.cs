using System.Text;
using System.Text.RegularExpressions;

namespace Orchestrator.Core.Sessions;

/// <summary>
/// Names session branches as the source workflow does: <c>worktree-&lt;type&gt;-&lt;slug&gt;</c> when the work comes from
/// issues, <c>wip-&lt;slug&gt;</c> for free text. The slug is 3-5 kebab words; the issue number never goes in the name.
/// </summary>
public static partial class BranchNamer
{
    private const int MaxSlugWords = 5;

    private static readonly HashSet<string> StopWords =
    [
        "a", "an", "the", "to", "of", "for", "and", "or", "in", "on", "at", "by", "with", "from", "into", "is", "are", "be",
        "it", "its", "this", "that", "we", "our", "so", "as", "when", "should", "please", "issue",
    ];

    public static string BranchName(string description, IReadOnlyList<string> issues, string? baseName)
    {
        var slug = Slug(string.IsNullOrWhiteSpace(baseName) ? description : baseName);
        return issues.Count > 0 ? $"worktree-{TypeOf(description, issues)}-{slug}" : $"wip-{slug}";
    }

    /// <summary>bug/fix -> bug; enhancement/feature/improvement -> enhancement; docs/chore/refactor/maintenance -> chore.</summary>
    public static string TypeOf(string description, IReadOnlyList<string> issues)
    {
        var words = Words(string.Join(' ', issues.Append(description))).ToHashSet();
        if (words.Overlaps(["bug", "fix", "bugfix", "hotfix", "crash", "regression"]))
        {
            return "bug";
        }

        if (words.Overlaps(["enhancement", "improvement", "improve"]))
        {
            return "enhancement";
        }

        if (words.Overlaps(["docs", "doc", "documentation", "chore", "refactor", "maintenance", "cleanup"]))
        {
            return "chore";
        }

        return "feature";
    }

    /// <summary>True when <paramref name="text"/> has at least one word a slug can be made of.</summary>
    public static bool HasSlugWords(string text) => Words(text).Any(w => !StopWords.Contains(w) && !w.All(char.IsDigit));

    public static string Slug(string text)
    {
        // A word is cut at 30 characters: a branch name from a one-word megabyte description would not even reach git.
        var words = Words(text).Where(w => !StopWords.Contains(w) && !w.All(char.IsDigit)).Take(MaxSlugWords).Select(w => w.Length > 30 ? w[..30] : w).ToList();
        if (words.Count == 0)
        {
            words = ["session"];
        }

        return string.Join('-', words);
    }

    private static IEnumerable<string> Words(string text)
    {
        var ascii = RemoveDiacritics(text.ToLowerInvariant());
        return NonWord().Split(ascii).Where(w => w.Length > 0);
    }

    private static string RemoveDiacritics(string text)
    {
        // Normalize refuses noncharacters and broken surrogates; a slug needs neither.
        var cleaned = IsNormalizable(text) ? text : new string(text.Where(c => !char.IsSurrogate(c) && !IsNoncharacter(c)).ToArray());
        var decomposed = cleaned.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool IsNormalizable(string text)
    {
        try
        {
            _ = text.Normalize(NormalizationForm.FormD);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool IsNoncharacter(char c) => c is >= '\uFDD0' and <= '\uFDEF' || (c & 0xFFFE) == 0xFFFE;

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonWord();
}
