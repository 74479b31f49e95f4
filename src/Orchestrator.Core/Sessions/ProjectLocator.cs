using System.Collections.Concurrent;
using Orchestrator.Core.Common;
using Orchestrator.Core.Git;

namespace Orchestrator.Core.Sessions;

/// <summary>
/// Turns a directory into a <see cref="ProjectContext"/>, or an error saying why it is not a usable repository.
/// Every tool call locates its project, so a found location is kept per directory and reused while it still holds
/// (checked with a few file-system lookups instead of starting git again); only failures are never kept.
/// </summary>
public sealed class ProjectLocator(IGit git)
{
    private readonly ConcurrentDictionary<string, ProjectContext> located = new(StringComparer.Ordinal);

    /// <summary>Lookups under way: callers that arrive together (the start-up sweep and the first tool call) share one.</summary>
    private readonly ConcurrentDictionary<string, Lazy<Task<Outcome<ProjectContext>>>> inFlight = new(StringComparer.Ordinal);

    public async Task<Outcome<ProjectContext>> LocateAsync(string directory, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            return Outcome<ProjectContext>.Failure(ErrorCode.InvalidArgument, "project_root is empty. Pass the path of your git repository.");
        }

        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        if (located.TryGetValue(full, out var known))
        {
            if (StillHolds(full, known))
            {
                // A link can be planted after the location was kept: checked on every call (one lstat per folder).
                return OrchestratorDirectory.LinkProblem(known.MainWorkTreeRoot) is { } linkedNow
                    ? Outcome<ProjectContext>.Failure(ErrorCode.UnsafePath, linkedNow)
                    : Outcome<ProjectContext>.Success(known);
            }

            located.TryRemove(full, out _);
        }

        var lookup = inFlight.GetOrAdd(full, key => new Lazy<Task<Outcome<ProjectContext>>>(() => LocateUncachedAsync(key)));
        try
        {
            return await lookup.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<Outcome<ProjectContext>>>>(full, lookup));
        }
    }

    // Shared by concurrent callers, so no one caller's token may cancel it; git's own timeouts bound it.
    private async Task<Outcome<ProjectContext>> LocateUncachedAsync(string full)
    {
        var cancellationToken = CancellationToken.None;
        if (!Directory.Exists(full))
        {
            return Outcome<ProjectContext>.Failure(ErrorCode.NotAGitRepository,
                $"{InputEcho.Quote(full)} does not exist. Pass project_root with the path of your git repository.");
        }

        var top = await git.FindWorkTreeRootAsync(full, cancellationToken).ConfigureAwait(false);
        if (top is null)
        {
            return Outcome<ProjectContext>.Failure(ErrorCode.NotAGitRepository,
                $"{InputEcho.Quote(full)} is not inside a git work tree. Run `git init` there (and commit once), or pass project_root pointing at " +
                "your repository, or start the server with --project <repo>.");
        }

        var common = await git.GetCommonDirectoryAsync(top, cancellationToken).ConfigureAwait(false);
        // The main tree's git directory is "<main>/.git" (as IGit.FindMainWorkTreeAsync decides, without asking git twice);
        // a bare or separate git directory has no main tree, so the work tree itself holds the state.
        var main = Path.GetFileName(common) == ".git" ? Path.GetDirectoryName(common) ?? top : top;
        if (OrchestratorDirectory.LinkProblem(main) is { } linked)
        {
            return Outcome<ProjectContext>.Failure(ErrorCode.UnsafePath, linked);
        }

        var context = new ProjectContext(top, main, common);
        located[full] = context;
        return Outcome<ProjectContext>.Success(context);
    }

    /// <summary>
    /// Whether a kept location is still right: the directory, its work tree's <c>.git</c> and the git directory exist,
    /// and no repository was created between the directory and that work tree since (a nearer <c>.git</c> would win).
    /// </summary>
    private static bool StillHolds(string directory, ProjectContext context)
    {
        if (!Directory.Exists(directory) || !Path.Exists(Path.Combine(context.WorkTreeRoot, ".git")) || !Directory.Exists(context.CommonGitDirectory))
        {
            return false;
        }

        for (var current = directory; current is not null && !PathsEqual(current, context.WorkTreeRoot); current = Path.GetDirectoryName(current))
        {
            if (Path.Exists(Path.Combine(current, ".git")))
            {
                return false;
            }
        }

        return true;
    }

    private static bool PathsEqual(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(a), Path.TrimEndingDirectorySeparator(b), StringComparison.Ordinal);
}
