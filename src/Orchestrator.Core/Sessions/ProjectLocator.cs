using Orchestrator.Core.Common;
using Orchestrator.Core.Git;

namespace Orchestrator.Core.Sessions;

/// <summary>Turns a directory into a <see cref="ProjectContext"/>, or an error saying why it is not a usable repository.</summary>
public sealed class ProjectLocator(IGit git)
{
    public async Task<Outcome<ProjectContext>> LocateAsync(string directory, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            return Outcome<ProjectContext>.Failure(ErrorCode.InvalidArgument, "project_root is empty. Pass the path of your git repository.");
        }

        var full = Path.GetFullPath(directory);
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
        var main = await git.FindMainWorkTreeAsync(top, cancellationToken).ConfigureAwait(false) ?? top;
        if (OrchestratorDirectory.LinkProblem(main) is { } linked)
        {
            return Outcome<ProjectContext>.Failure(ErrorCode.UnsafePath, linked);
        }

        return Outcome<ProjectContext>.Success(new ProjectContext(top, main, common));
    }
}
