namespace Orchestrator.Core.Build.Runs;

/// <summary>A build run, or a phase job (spec, plan, divide, close).</summary>
public enum WorkerTargetKind
{
    Run,
    Job,
}
