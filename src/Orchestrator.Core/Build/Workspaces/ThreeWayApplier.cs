using Orchestrator.Core.Git;

namespace Orchestrator.Core.Build.Workspaces;

/// <summary>
/// Applies a chunk's change (base -> theirs) to a working tree whose current state is ours, as a three-way merge done
/// entirely in git's object store (<c>git merge-tree --write-tree</c>, git 2.38+): a conflict leaves the tree exactly as
/// it was; a clean merge is written with <c>git apply</c> on the working tree only (the user's index is not touched).
/// </summary>
public sealed class ThreeWayApplier(IGit git)
{
    /// <summary>
    /// Merges <paramref name="theirs"/> into the state <paramref name="ours"/> of <paramref name="tree"/>; both commits
    /// must have the snapshot they started from as their parent (that makes it the merge base).
    /// </summary>
    public async Task<ThreeWayApplyResult> ApplyAsync(string tree, string ours, string theirs, CancellationToken cancellationToken)
    {
        var merge = await git.RunAsync(tree, ["merge-tree", "--write-tree", "--name-only", "--no-messages", ours, theirs], cancellationToken).ConfigureAwait(false);
        var lines = merge.StandardOutput.Split('\n', StringSplitOptions.TrimEntries);
        if (merge.ExitCode == 1)
        {
            // Output: the (conflicted) tree id, then one conflicted path per line, then an empty line.
            var conflicted = lines.Skip(1).TakeWhile(l => l.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            return new ThreeWayApplyResult(false, conflicted, "the session tree changed these files since the chunk's snapshot");
        }

        GitCommandException.ThrowIfFailed(merge, "git merge-tree --write-tree (needs git 2.38 or later)");
        var merged = lines[0];
        var patchFile = Path.Combine(Path.GetTempPath(), $"so-apply-{Guid.NewGuid():N}.patch");
        try
        {
            // Straight to a file: the patch must keep its bytes (CR, binary hunks), which line-based capture would not.
            GitCommandException.ThrowIfFailed(
                await git.RunAsync(tree, ["diff", "--binary", "--no-renames", "--full-index", "--output=" + patchFile, ours, merged, "--"], cancellationToken).ConfigureAwait(false),
                "git diff of the merged change");
            if (!File.Exists(patchFile) || new FileInfo(patchFile).Length == 0)
            {
                return new ThreeWayApplyResult(true, [], null);
            }

            var check = await git.RunAsync(tree, ["apply", "--check", "--whitespace=nowarn", patchFile], cancellationToken).ConfigureAwait(false);
            if (!check.Succeeded)
            {
                // The working tree moved under us (someone edited it since the state was recorded): refuse, never overwrite.
                return new ThreeWayApplyResult(false, PathsIn(check.Message), "the session tree no longer matches its recorded state: " + check.Message);
            }

            GitCommandException.ThrowIfFailed(await git.RunAsync(tree, ["apply", "--whitespace=nowarn", patchFile], cancellationToken).ConfigureAwait(false), "git apply");
            return new ThreeWayApplyResult(true, [], null);
        }
        finally
        {
            File.Delete(patchFile);
        }
    }

    private static List<string> PathsIn(string message) =>
        message.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("error: ", StringComparison.Ordinal) && l.Contains(':', StringComparison.Ordinal))
            .Select(l => l["error: ".Length..].Split(':')[0].Trim())
            .Where(p => p.Length > 0 && !p.Contains(' ', StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
