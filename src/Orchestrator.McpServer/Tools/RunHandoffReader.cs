using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Git;
using Orchestrator.Core.Sessions;

namespace Orchestrator.McpServer.Tools;

/// <summary>The hand-off of a finished run for build_result: the run's result with its session's branch and what git shows uncommitted there.</summary>
internal sealed class RunHandoffReader(IGit git)
{
    public async Task<Handoff> ReadAsync(ProjectContext? project, BuildRunResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        var directory = project is null ? null : RunIds.DirectoryOf(project, result.RunId);
        var sessionId = directory is null ? null : RunSetupRecord.Read(directory)?.SessionId;
        var state = project is null || sessionId is null ? null : (await new SessionStore(project.SessionsDirectory).LoadAsync(sessionId, cancellationToken).ConfigureAwait(false)).Value;
        IReadOnlyList<string> uncommitted = [];
        if (state is not null && Directory.Exists(state.WorkTree))
        {
            var status = await git.GetStatusAsync(state.WorkTree, cancellationToken).ConfigureAwait(false);
            uncommitted = status.Staged.Concat(status.Unstaged).Concat(status.Untracked).Distinct(StringComparer.Ordinal).ToList();
        }

        return RunHandoffBuilder.Build(result, directory is null ? null : RunJournal.ReadSnapshot(directory), state?.Branch ?? "(unknown: the run's session is not readable)", uncommitted);
    }
}
