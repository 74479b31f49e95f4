using System.Text.RegularExpressions;

namespace Orchestrator.Core.Common;

/// <summary>
/// The one shape every id that becomes part of a path must have (session, run, chunk, job and log names): 1 to 96
/// letters, digits, <c>.</c>, <c>_</c> or <c>-</c>, starting with a letter or digit, and never <c>..</c>. Such an id
/// is one plain file name: it cannot be absolute, hold a separator, climb with <c>..</c>, or hide as a dot file, so a
/// path built from it stays in the folder it is combined with (symbolic links are checked apart, see
/// <see cref="RealPaths"/>). Checked where the id enters the server: tool arguments, the chunk plan validator, files
/// read back from disk.
/// </summary>
public static partial class SafeIds
{
    /// <summary>The longest id accepted (session ids carry a time stamp and three slug words).</summary>
    public const int MaxLength = 96;

    /// <summary>The rule in words, for refusals.</summary>
    public const string Rule =
        "ids are 1-96 letters, digits, '.', '_' or '-', start with a letter or digit and never contain '..' (they become file names)";

    /// <summary>True when <paramref name="id"/> has the shape above.</summary>
    public static bool IsValid(string? id) => id is not null && Shape().IsMatch(id) && !id.Contains("..", StringComparison.Ordinal);

    /// <summary>
    /// Null for a valid id, else a refusal naming <paramref name="argument"/>, the (truncated) value, what is wrong
    /// and the fix (<paramref name="example"/> shows a good id; <paramref name="kind"/> says what the id should have been).
    /// </summary>
    public static string? Problem(string argument, string? id, string example, string kind = "a valid id")
    {
        if (IsValid(id))
        {
            return null;
        }

        var what = id is null ? "is missing" : id.Length == 0 ? "is empty" : $"{InputEcho.Quote(id)} is not {kind}";
        return $"{argument} {what}: {Rule}. Use an id such as \"{example}\".";
    }

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._-]{0,95}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
