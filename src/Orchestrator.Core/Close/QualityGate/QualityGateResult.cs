
namespace Orchestrator.Core.Close.QualityGate;

/// <summary>The quality gate: each check, the debug-artefact scan, and whether it passed (skipped checks do not fail it).</summary>
public sealed record QualityGateResult(QualityGateStatus Status, IReadOnlyList<GateCheck> Checks, IReadOnlyList<DebugArtefact> DebugArtefacts, string Summary)
{
    public bool Passed => Status is QualityGateStatus.Passed or QualityGateStatus.Skipped;

    public bool Ran => Status is QualityGateStatus.Passed or QualityGateStatus.Failed;
}
