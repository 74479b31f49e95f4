namespace Orchestrator.Core.Git;

/// <summary>Reading what git printed.</summary>
public static class GitOutput
{
    /// <summary>
    /// The entries of a <c>-z</c> list (<c>ls-files -z</c>, <c>diff --name-only -z</c>, <c>diff-tree -z</c>). The process
    /// runner hands output over line by line, so the text ends in a newline after the last NUL: without the trim that
    /// newline becomes an entry of its own, a path that matches nothing (a pathspec git refuses).
    /// </summary>
    public static IReadOnlyList<string> SplitNul(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries).Select(entry => entry.Trim('\n')).Where(entry => entry.Length > 0).ToList();
    }
}
