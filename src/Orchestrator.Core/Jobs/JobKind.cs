namespace Orchestrator.Core.Jobs;

/// <summary>The phase a detached job runs (its snake_case name is the tool's and the phase job's name).</summary>
public enum JobKind
{
    Spec,
    Plan,
    Divide,
    Close,
}
