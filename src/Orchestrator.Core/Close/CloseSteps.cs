using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Close;

/// <summary>What each <see cref="CloseStep"/> is called as it starts, and its progress value.</summary>
public static class CloseSteps
{
    public const int Total = (int)CloseStep.WriteRecords;

    public static string Describe(this CloseStep step) => step switch
    {
        CloseStep.VerifyPlan => "verifying the plan against the runs",
        CloseStep.ReviewDiff => "reviewing the session diff",
        CloseStep.RunQualityGate => "running the quality gate",
        CloseStep.FileIssues => "filing issues",
        CloseStep.Commit => "committing",
        CloseStep.Publish => "pushing",
        CloseStep.CleanUp => "cleaning up snapshot refs and stale worktrees",
        CloseStep.WriteRecords => "writing metrics, learnings, handover and report",
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, "not a step of close"),
    };

    /// <summary>The step as job progress: "close: running the quality gate", step 3 of 8.</summary>
    public static JobProgress ToProgress(this CloseStep step) => new($"close: {step.Describe()}", (int)step, Total);
}
