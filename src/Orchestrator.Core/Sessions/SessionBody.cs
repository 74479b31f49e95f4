namespace Orchestrator.Core.Sessions;

/// <summary>The Markdown body a new STATE.md starts with: the source workflow's sections, empty.</summary>
public static class SessionBody
{
    public static string Initial(string sessionId, string description) =>
        $"""
        # Session {sessionId}

        {description.Trim()}

        ## Current Wave

        Not started.

        ## Wave History

        ## Deviations

        ## What Not To Retry

        ## Open Questions

        """;

    public const string WaveHistory = "## Wave History";
    public const string CurrentWave = "## Current Wave";
    public const string Deviations = "## Deviations";
    public const string OpenQuestions = "## Open Questions";

    /// <summary>Replaces a section's content with <paramref name="lines"/> as bullets (or <paramref name="empty"/>), creating the section at the end when missing.</summary>
    public static string ReplaceSection(string body, string heading, IReadOnlyList<string> lines, string empty = "None.")
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(lines);
        var content = lines.Count == 0 ? empty + "\n" : string.Concat(lines.Select(l => $"- {string.Join(' ', l.Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries)).Trim()}\n"));
        var start = body.StartsWith(heading + "\n", StringComparison.Ordinal) ? 0 : body.IndexOf("\n" + heading + "\n", StringComparison.Ordinal) is var i and >= 0 ? i + 1 : -1;
        if (start < 0)
        {
            return body.TrimEnd() + $"\n\n{heading}\n\n{content}";
        }

        var contentStart = start + heading.Length + 1;
        var next = body.IndexOf("\n## ", contentStart, StringComparison.Ordinal);
        var end = next < 0 ? body.Length : next + 1;
        return body[..contentStart] + "\n" + content + (next < 0 ? "" : "\n") + body[end..];
    }

    /// <summary>Appends a bullet to a section (e.g. <see cref="WaveHistory"/>), creating the section at the end when missing.</summary>
    public static string AppendToSection(string body, string heading, string line)
    {
        ArgumentNullException.ThrowIfNull(body);
        var bullet = $"- {line.Trim()}\n";
        var start = body.StartsWith(heading + "\n", StringComparison.Ordinal) ? 0 : body.IndexOf("\n" + heading + "\n", StringComparison.Ordinal) is var i and >= 0 ? i + 1 : -1;
        if (start < 0)
        {
            return body.TrimEnd() + $"\n\n{heading}\n\n{bullet}";
        }

        var contentStart = start + heading.Length + 1;
        var next = body.IndexOf("\n## ", contentStart, StringComparison.Ordinal);
        var end = next < 0 ? body.Length : next + 1;
        var section = body[contentStart..end].TrimEnd('\n');
        var rebuilt = (section.Trim().Length == 0 ? "\n" : section + "\n") + bullet + (next < 0 ? "" : "\n");
        return body[..contentStart] + rebuilt + body[end..];
    }

    /// <summary>The bullets of a section (without their <c>- </c>); empty when the section is missing.</summary>
    public static IReadOnlyList<string> SectionLines(string body, string heading)
    {
        ArgumentNullException.ThrowIfNull(body);
        var start = body.StartsWith(heading + "\n", StringComparison.Ordinal) ? 0 : body.IndexOf("\n" + heading + "\n", StringComparison.Ordinal) is var i and >= 0 ? i + 1 : -1;
        if (start < 0)
        {
            return [];
        }

        var contentStart = start + heading.Length + 1;
        var next = body.IndexOf("\n## ", contentStart, StringComparison.Ordinal);
        var section = body[contentStart..(next < 0 ? body.Length : next + 1)];
        return section.Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal)).Select(l => l[2..].TrimEnd('\r')).ToList();
    }
}
