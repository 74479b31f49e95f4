using System.Globalization;

namespace Orchestrator.Core.Agents.Liveness;

/// <summary>
/// Counts an agent's tool calls by tool and exact input, and calls it a spiral when one call comes back
/// <c>repeats</c> times without an edit in between. An edit is progress: running the same test command after each
/// change is normal work, running it again and again on an unchanged tree is a loop.
/// </summary>
public sealed class RepeatedToolCallDetector(int repeats)
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>Records one call; returns the spiral's description once a call reaches the limit, else null.</summary>
    public string? Record(string tool, string input, bool isEdit)
    {
        if (isEdit)
        {
            _counts.Clear();
        }

        var key = tool + "\u0000" + input;
        var count = _counts[key] = _counts.GetValueOrDefault(key) + 1;
        return count >= repeats
            ? string.Create(CultureInfo.InvariantCulture, $"spiral: the agent called {tool} {count} times with the same input ({Excerpt(input)}) without changing anything in between")
            : null;
    }

    private static string Excerpt(string input) => input.Length <= 160 ? input : input[..160] + "...";
}
