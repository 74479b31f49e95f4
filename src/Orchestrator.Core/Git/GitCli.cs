using Orchestrator.Core.Processes;

namespace Orchestrator.Core.Git;

/// <summary>
/// The real <see cref="IGit"/>: every call is one <c>git</c> process through <see cref="IProcessRunner"/>, except the
/// lookups the benchmark gave to libgit2 (<see cref="ResolveCommitAsync"/>), which go to <see cref="InProcess"/>
/// (<see cref="GitCliLookups"/> instead where the build turned libgit2 off).
/// </summary>
public sealed class GitCli(IProcessRunner processRunner, string gitExecutable = "git") : IGit
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    // Plain C-locale messages (we match some of them), no pager, no credential prompts that would hang a server,
    // and no optional index locks so a status never fights the user's own git.
    private static readonly IReadOnlyDictionary<string, string?> GitEnvironment = new Dictionary<string, string?>
    {
        ["LC_ALL"] = "C",
        ["LANGUAGE"] = null,
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["GIT_PAGER"] = "cat",
        ["GIT_OPTIONAL_LOCKS"] = "0",
        ["GIT_EDITOR"] = "true",
    };

    // libgit2 where the build has it; the native binary has no working LibGit2Sharp and asks the CLI (GitFeatures).
    public ILibGit InProcess => field ??= GitFeatures.InProcessSupported ? new LibGit() : new GitCliLookups(this);

    public Task<GitResult> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(workingDirectory, arguments, GitEnvironment, cancellationToken);

    public async Task<GitResult> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken)
    {
        var merged = ReferenceEquals(environment, GitEnvironment) ? GitEnvironment : GitEnvironment.Concat(environment).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);
        var spec = new ProcessSpec(gitExecutable, ["-c", "core.quotepath=off", .. arguments], workingDirectory)
        {
            Environment = merged,
            Timeout = CommandTimeout,
            KillGracePeriod = TimeSpan.FromSeconds(1),
        };
        var result = await processRunner.RunAsync(spec, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return result.Kind switch
        {
            ProcessExitKind.Exited => new GitResult(result.ExitCode ?? -1, result.StandardOutput, result.StandardError),
            ProcessExitKind.FailedToStart when !Directory.Exists(workingDirectory) =>
                new GitResult(128, "", $"fatal: directory '{workingDirectory}' does not exist"),
            ProcessExitKind.FailedToStart => throw new InvalidOperationException(
                $"git could not be started ({result.FailureMessage}). Install git and make sure it is on PATH."),
            _ => new GitResult(124, result.StandardOutput, $"git {string.Join(' ', arguments)}: {result.FailureMessage}"),
        };
    }

    public async Task<string?> FindWorkTreeRootAsync(string directory, CancellationToken cancellationToken)
    {
        var result = await RunAsync(directory, ["rev-parse", "--show-toplevel"], cancellationToken).ConfigureAwait(false);
        return result.Succeeded && result.StandardOutput.Trim() is { Length: > 0 } top ? Path.GetFullPath(top) : null;
    }

    public async Task<string?> FindMainWorkTreeAsync(string directory, CancellationToken cancellationToken)
    {
        var common = await GetCommonDirectoryAsync(directory, cancellationToken).ConfigureAwait(false);
        // The main tree's git directory is "<main>/.git"; a bare repository has no main tree.
        return Path.GetFileName(common) == ".git" ? Path.GetDirectoryName(common) : null;
    }

    public async Task<string> GetCommonDirectoryAsync(string directory, CancellationToken cancellationToken)
    {
        var result = await RunAsync(directory, ["rev-parse", "--path-format=absolute", "--git-common-dir"], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"git rev-parse --git-common-dir failed in '{directory}': {result.Message}");
        }

        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(result.StandardOutput.Trim()));
    }

    public async Task<string?> GetCurrentBranchAsync(string directory, CancellationToken cancellationToken)
    {
        var result = await RunAsync(directory, ["symbolic-ref", "--quiet", "--short", "HEAD"], cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? result.StandardOutput.Trim() : null;
    }

    public async Task<string?> GetDefaultBranchAsync(string directory, CancellationToken cancellationToken)
    {
        var originHead = await RunAsync(directory, ["symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"], cancellationToken).ConfigureAwait(false);
        if (originHead.Succeeded && originHead.StandardOutput.Trim() is { Length: > 0 } remote)
        {
            var name = remote.StartsWith("origin/", StringComparison.Ordinal) ? remote["origin/".Length..] : remote;
            if (await BranchExistsAsync(directory, name, cancellationToken).ConfigureAwait(false))
            {
                return name;
            }
        }

        foreach (var candidate in new[] { "main", "master" })
        {
            if (await BranchExistsAsync(directory, candidate, cancellationToken).ConfigureAwait(false))
            {
                return candidate;
            }
        }

        // A fresh repository whose first branch has another name (init.defaultBranch) still has a default: the one it is on.
        var unborn = await RunAsync(directory, ["config", "--get", "init.defaultBranch"], cancellationToken).ConfigureAwait(false);
        return unborn.Succeeded && unborn.StandardOutput.Trim() is { Length: > 0 } configured
            && await BranchExistsAsync(directory, configured, cancellationToken).ConfigureAwait(false)
            ? configured
            : null;
    }

    public async Task<bool> BranchExistsAsync(string directory, string branch, CancellationToken cancellationToken)
    {
        var result = await RunAsync(directory, ["show-ref", "--verify", "--quiet", "refs/heads/" + branch], cancellationToken).ConfigureAwait(false);
        return result.Succeeded;
    }

    public async Task<bool> IsValidBranchNameAsync(string directory, string branch, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(branch) || branch.StartsWith('-'))
        {
            return false;
        }

        var result = await RunAsync(directory, ["check-ref-format", "--branch", branch], cancellationToken).ConfigureAwait(false);
        return result.Succeeded;
    }

    public async Task<int> CountCommitsAsync(string directory, string range, CancellationToken cancellationToken)
    {
        var result = await RunAsync(directory, ["rev-list", "--count", range, "--"], cancellationToken).ConfigureAwait(false);
        return result.Succeeded && int.TryParse(result.StandardOutput.Trim(), out var count) ? count : 0;
    }

    public async Task<IReadOnlyList<string>> ChangedFilesSinceAsync(string directory, string baseRef, CancellationToken cancellationToken)
    {
        var result = await RunAsync(directory, ["diff", "--name-only", "-z", baseRef + "...HEAD", "--"], cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? GitOutput.SplitNul(result.StandardOutput) : [];
    }

    public async Task<GitStatus> GetStatusAsync(string directory, CancellationToken cancellationToken)
    {
        var result = await RunAsync(directory, ["status", "--porcelain=v1", "-z", "--untracked-files=all"], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"git status failed in '{directory}': {result.Message}");
        }

        return GitStatusParser.Parse(result.StandardOutput);
    }

    public Task<string?> ResolveCommitAsync(string directory, string revision, CancellationToken cancellationToken)
    {
        // rev-parse in-process: ~0.2 ms against 2-12 ms for a git process (docs/benchmarks.md).
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(InProcess.ResolveCommit(directory, revision));
    }

    public async Task<bool> IsIgnoredAsync(string directory, string relativePath, CancellationToken cancellationToken)
    {
        var result = await RunAsync(directory, ["check-ignore", "--quiet", "--", relativePath], cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0;
    }
}
