
namespace Orchestrator.Core.Close.QualityGate;

/// <summary>
/// Finds debug leftovers on added lines: breakpoints, stray console logging in JS/TS, debugger hooks, and merge
/// conflict markers. Patterns are per language so ordinary code elsewhere is not flagged.
/// </summary>
public static class DebugArtefactScanner
{
    private static readonly (string Pattern, string[] Extensions)[] Patterns =
    [
        ("debugger;", [".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs", ".vue", ".svelte"]),
        ("console.log(", [".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs", ".vue", ".svelte"]),
        ("pdb.set_trace()", [".py"]),
        ("breakpoint()", [".py"]),
        ("binding.pry", [".rb"]),
        ("byebug", [".rb"]),
        ("dbg!(", [".rs"]),
        ("Debugger.Break()", [".cs"]),
        ("Debugger.Launch()", [".cs"]),
        ("<<<<<<< ", []),
        (">>>>>>> ", []),
    ];

    /// <summary>Scans added lines (<paramref name="addedLines"/>: file, 1-based line number, text).</summary>
    public static IReadOnlyList<DebugArtefact> Scan(IEnumerable<(string File, int Line, string Text)> addedLines)
    {
        ArgumentNullException.ThrowIfNull(addedLines);
        var found = new List<DebugArtefact>();
        foreach (var (file, line, text) in addedLines)
        {
            var extension = Path.GetExtension(file).ToLowerInvariant();
            foreach (var (pattern, extensions) in Patterns)
            {
                var applies = extensions.Length == 0 || extensions.Contains(extension);
                var matches = pattern.StartsWith('<') || pattern.StartsWith('>')
                    ? text.StartsWith(pattern, StringComparison.Ordinal)
                    : text.Contains(pattern, StringComparison.Ordinal) && !text.TrimStart().StartsWith("//", StringComparison.Ordinal) && !text.TrimStart().StartsWith('#');
                if (applies && matches)
                {
                    found.Add(new DebugArtefact(file, line, pattern.Trim(), text.Trim().Length > 160 ? text.Trim()[..160] : text.Trim()));
                    break;
                }
            }
        }

        return found;
    }

    /// <summary>The added lines of a unified diff with zero context (<c>git diff -U0</c>).</summary>
    public static IEnumerable<(string File, int Line, string Text)> AddedLines(string unifiedDiff)
    {
        ArgumentNullException.ThrowIfNull(unifiedDiff);
        string? file = null;
        var line = 0;
        foreach (var raw in unifiedDiff.Split('\n'))
        {
            if (raw.StartsWith("+++ ", StringComparison.Ordinal))
            {
                var target = raw[4..].Trim();
                file = target == "/dev/null" ? null : target.StartsWith("b/", StringComparison.Ordinal) ? target[2..] : target;
            }
            else if (raw.StartsWith("@@ ", StringComparison.Ordinal))
            {
                // @@ -a,b +c,d @@: added lines count up from c.
                var plus = raw.IndexOf(" +", StringComparison.Ordinal);
                var end = plus < 0 ? -1 : raw.IndexOfAny([',', ' '], plus + 2);
                line = plus >= 0 && end > plus && int.TryParse(raw[(plus + 2)..end], out var start) ? start : 0;
            }
            else if (file is not null && raw.StartsWith('+'))
            {
                yield return (file, line, raw[1..]);
                line++;
            }
        }
    }
}
