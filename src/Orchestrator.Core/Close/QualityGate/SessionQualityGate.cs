using Orchestrator.Core.Close.Verification;
using Orchestrator.Core.Options;
using Orchestrator.Core.Processes;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Close.QualityGate;

/// <summary>
/// Close's quality gate over the session tree: the project's commands (configured or detected) and the debug-artefact
/// scan of the session diff. A dry run, or a missing tree, lists the checks as <c>not_run</c>.
/// </summary>
public sealed class SessionQualityGate(IProcessRunner processRunner)
{
    private readonly QualityGateRunner runner = new(processRunner);

    public async Task<QualityGateResult> RunAsync(ProjectContext project, OrchestratorOptions options, SessionChanges changes, string diff, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(changes);
        var commands = ProjectCommandDetector.Resolve(options.Commands, changes.TreeExists ? changes.WorkTree : project.MainWorkTreeRoot);
        if (!dryRun && changes.TreeExists)
        {
            return await runner.RunAsync(changes.WorkTree, commands, DebugArtefactScanner.AddedLines(diff), cancellationToken).ConfigureAwait(false);
        }

        var summary = dryRun
            ? $"dry run: would run {(commands.All.Count == 0 ? "no command (none configured or detected)" : string.Join(", ", commands.All.Select(c => $"`{c.Command}`")))} and scan {changes.SessionFiles.Count} file(s) for debug artefacts"
            : "not run: the session tree is missing";
        return new QualityGateResult(QualityGateStatus.NotRun, commands.All.Select(c => new GateCheck(c.Kind, c.Command, c.Source, GateCheckStatus.NotRun, null, 0, "")).ToList(), [], summary);
    }
}
