namespace Orchestrator.Core.Options.Yaml;

/// <summary>Suggests the known key a typo most likely meant (one it extends, or one at most two edits away).</summary>
internal static class ConfigKeyHint
{
    public static string? Closest(string typed, IReadOnlyList<string> known)
    {
        if (typed.Length >= 4 && known.FirstOrDefault(key => key.StartsWith(typed, StringComparison.Ordinal)) is { } extended)
        {
            return extended;
        }

        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var key in known)
        {
            var distance = Distance(typed, key);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (key, distance);
            }
        }

        return bestDistance <= 2 ? best : null;
    }

    /// <summary>Levenshtein distance.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
