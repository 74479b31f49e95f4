namespace Orchestrator.Core.Git;

/// <summary>Parses <c>git status --porcelain=v1 -z</c>: "XY path\0", with a second path entry after renames and copies.</summary>
internal static class GitStatusParser
{
    public static GitStatus Parse(string porcelainZ)
    {
        var staged = new List<string>();
        var unstaged = new List<string>();
        var untracked = new List<string>();
        var entries = porcelainZ.Split('\0');
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            if (entry.Length < 4)
            {
                continue;
            }

            char index = entry[0], workTree = entry[1];
            var path = entry[3..];
            if (index == '?' && workTree == '?')
            {
                untracked.Add(path);
                continue;
            }

            if (index is 'R' or 'C')
            {
                i++; // the original path follows as its own entry
            }

            if (index is not ' ' and not '!')
            {
                staged.Add(path);
            }

            if (workTree is not ' ' and not '!')
            {
                unstaged.Add(path);
            }
        }

        return new GitStatus(staged, unstaged, untracked);
    }
}
