namespace Orchestrator.Core.Git;

/// <summary>
/// <c>git worktree add</c> that survives another process adding a worktree of the same repository at the same time.
/// git creates <c>.git/worktrees/&lt;name&gt;/</c> first and fills it in afterwards; an add that lists the worktrees
/// in between (a new branch is checked against every worktree) fails with "failed to read .git/worktrees/&lt;name&gt;/
/// commondir". Session worktrees (the server) and chunk worktrees (build workers) are added concurrently, so such a
/// failure is tried again after a short wait; any other failure is returned at once. Found by the kill/resume soak.
/// </summary>
public static class WorktreeAdd
{
    private const int Tries = 5;

    public static async Task<GitResult> RunAsync(IGit git, string directory, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(git);
        for (var attempt = 1; ; attempt++)
        {
            var result = await git.RunAsync(directory, arguments, cancellationToken).ConfigureAwait(false);
            if (result.Succeeded || attempt == Tries || !IsConcurrentAddRace(result))
            {
                return result;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(150 * attempt), cancellationToken).ConfigureAwait(false);
            arguments = await WithoutNewBranchAsync(git, directory, arguments, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <c>worktree add -b &lt;branch&gt; -- &lt;path&gt; &lt;start&gt;</c> creates the branch before it reads the other worktrees, so
    /// the add that lost the race leaves the new branch behind and its retry would fail with "a branch named ... already
    /// exists" (seen with two session_start calls at once). The retry checks out that branch instead of creating it.
    /// The caller picked a name no branch had, so a branch of that name now is the failed attempt's.
    /// </summary>
    private static async Task<IReadOnlyList<string>> WithoutNewBranchAsync(IGit git, string directory, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var flag = arguments.ToList().IndexOf("-b");
        if (flag < 0 || flag + 1 >= arguments.Count || arguments.Count < flag + 3)
        {
            return arguments;
        }

        var branch = arguments[flag + 1];
        var exists = await git.RunAsync(directory, ["rev-parse", "--verify", "--quiet", "refs/heads/" + branch], cancellationToken).ConfigureAwait(false);
        if (!exists.Succeeded)
        {
            return arguments;
        }

        // Drop "-b <branch>" and check out the branch in place of the start point (the last argument).
        return [.. arguments.Take(flag), .. arguments.Skip(flag + 2).SkipLast(1), branch];
    }

    /// <summary>True when git failed on another worktree's administrative files that were still being written.</summary>
    public static bool IsConcurrentAddRace(GitResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = result.StandardError.Replace('\\', '/');
        return text.Contains("failed to read", StringComparison.Ordinal) && text.Contains("/worktrees/", StringComparison.Ordinal);
    }
}
