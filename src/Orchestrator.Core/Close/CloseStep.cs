namespace Orchestrator.Core.Close;

/// <summary>
/// The steps of close in the order they run. The value is the step's number in progress (step of
/// <see cref="CloseSteps.Total"/>); the same value names the step in the logs.
/// </summary>
public enum CloseStep
{
    VerifyPlan = 1,
    ReviewDiff = 2,
    RunQualityGate = 3,
    FileIssues = 4,
    Commit = 5,
    Publish = 6,
    CleanUp = 7,
    WriteRecords = 8,
}
