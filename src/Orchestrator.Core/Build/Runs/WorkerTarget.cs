namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// What one detached worker process executes: a build run (<c>--run &lt;id&gt;</c>, under <c>.orchestrator/runs</c>) or a
/// spec / plan / divide / close job (<c>--job &lt;id&gt;</c>, under <c>.orchestrator/jobs</c>). One entry point, one
/// lock / heartbeat / cancel machinery for both.
/// </summary>
public sealed record WorkerTarget(WorkerTargetKind Kind, string Id)
{
    public static WorkerTarget Run(string runId) => new(WorkerTargetKind.Run, runId);

    public static WorkerTarget Job(string jobId) => new(WorkerTargetKind.Job, jobId);

    /// <summary>The worker command line's option naming the target.</summary>
    public string Option => Kind == WorkerTargetKind.Run ? "--run" : "--job";

    public override string ToString() => Kind == WorkerTargetKind.Run ? $"run '{Id}'" : $"job '{Id}'";
}
