namespace Orchestrator.Core.Common;

/// <summary>
/// Bad input quoted back in a refusal, cut to a readable length: a 10 MB argument must not come back as a 10 MB
/// error (nor fill the log), and control characters must not break the line it is shown on.
/// </summary>
public static class InputEcho
{
    /// <summary>How many characters of a bad value a message repeats.</summary>
    public const int MaxLength = 200;

    /// <summary>The value cut to <paramref name="max"/> characters (the full length noted), control characters shown as '?'.</summary>
    public static string Truncate(string? value, int max = MaxLength)
    {
        if (value is null)
        {
            return "null";
        }

        var cut = value.Length > max ? value[..max] : value;
        var clean = string.Create(cut.Length, cut, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
        return value.Length > max ? $"{clean}... ({value.Length} characters)" : clean;
    }

    /// <summary>The truncated value in double quotes ("null" without quotes for null).</summary>
    public static string Quote(string? value, int max = MaxLength) => value is null ? "null" : $"\"{Truncate(value, max)}\"";
}
