using System.Globalization;

namespace Orchestrator.Core.Git;

/// <summary>
/// <see cref="ILibGit"/> through the git CLI, for the build without libgit2 (<see cref="GitFeatures"/>): the commands
/// <see cref="LibGit"/> replaced (rev-parse --verify, for-each-ref, update-ref, update-ref -d), with the same answers.
/// Each call is one git process through <paramref name="git"/> (its environment, timeout and start-failure message).
/// </summary>
public sealed class GitCliLookups(IGit git) : ILibGit
{
    public string? ResolveCommit(string directory, string revision)
    {
        if (string.IsNullOrWhiteSpace(revision) || revision.StartsWith('-') || !Directory.Exists(directory))
        {
            return null;
        }

        var result = Run(directory, ["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"]);
        return result.Succeeded && result.StandardOutput.Trim() is { Length: > 0 } sha ? sha : null;
    }

    public IReadOnlyList<GitRefDate> ListRefs(string directory, string prefix)
    {
        // %(*committerdate) is the date of the commit an annotated tag peels to; a plain ref has it in %(committerdate).
        var result = GitCommandException.ThrowIfFailed(
            Run(OrThrow(directory), ["for-each-ref", "--format=%(refname)%00%(committerdate:unix)%00%(*committerdate:unix)", prefix]),
            $"git for-each-ref {prefix}");
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\0'))
            .Where(fields => fields.Length == 3 && fields[0].StartsWith(prefix, StringComparison.Ordinal))
            .Select(fields => new GitRefDate(fields[0], Date(fields[2]) ?? Date(fields[1])))
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
    }

    public void UpdateRef(string directory, string refName, string commit) =>
        GitCommandException.ThrowIfFailed(Run(OrThrow(directory), ["update-ref", refName, commit]), $"git update-ref {refName}");

    public bool DeleteRef(string directory, string refName, out string? error)
    {
        if (!Directory.Exists(directory))
        {
            error = $"'{directory}' is not in a git repository";
            return false;
        }

        var result = Run(directory, ["update-ref", "-d", refName]);
        error = result.Succeeded ? null : result.Message;
        return result.Succeeded;
    }

    private static string OrThrow(string directory) =>
        Directory.Exists(directory) ? directory : throw new GitCommandException($"'{directory}' is not in a git repository");

    private static DateTimeOffset? Date(string unixSeconds) =>
        long.TryParse(unixSeconds, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    // The interface is synchronous (libgit2 answers in well under a millisecond); here each call waits for its git process.
    private GitResult Run(string directory, IReadOnlyList<string> arguments) =>
        git.RunAsync(directory, arguments, CancellationToken.None).GetAwaiter().GetResult();
}
