using System.Text;
using Orchestrator.Core.Git;

namespace Orchestrator.Core.Close.Verification;

/// <summary>
/// The diff of the session's files against HEAD (untracked files as whole new files, up to 1 MB each): what the
/// reviewer reads and the debug-artefact scan checks.
/// </summary>
public sealed class SessionDiffBuilder(IGit git)
{
    private const long MaxNewFileBytes = 1_000_000;

    public async Task<string> BuildAsync(SessionChanges changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (!changes.TreeExists || changes.SessionFiles.Count == 0)
        {
            return "";
        }

        var untrackedSet = changes.Untracked.ToHashSet(StringComparer.Ordinal);
        var tracked = changes.SessionFiles.Where(f => !untrackedSet.Contains(f)).ToList();
        var diff = new StringBuilder();
        if (tracked.Count > 0)
        {
            var result = await git.RunAsync(changes.WorkTree, ["--literal-pathspecs", "diff", "--no-color", "--no-ext-diff", "-U0", "HEAD", "--", .. tracked], cancellationToken).ConfigureAwait(false);
            diff.Append(result.StandardOutput);
        }

        foreach (var file in changes.SessionFiles.Where(untrackedSet.Contains))
        {
            var path = Path.Combine(changes.WorkTree, file);
            if (!File.Exists(path) || new FileInfo(path).Length > MaxNewFileBytes)
            {
                continue;
            }

            var lines = (await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).Split('\n');
            diff.Append("diff --git a/").Append(file).Append(" b/").Append(file).Append("\nnew file\n--- /dev/null\n+++ b/").Append(file)
                .Append("\n@@ -0,0 +1,").Append(lines.Length).Append(" @@\n");
            foreach (var line in lines)
            {
                diff.Append('+').Append(line.TrimEnd('\r')).Append('\n');
            }
        }

        return diff.ToString();
    }
}
