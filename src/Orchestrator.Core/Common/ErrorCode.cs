namespace Orchestrator.Core.Common;

/// <summary>Kinds of expected failure a caller can act on; the message says how.</summary>
public enum ErrorCode
{
    InvalidArgument,
    NotAGitRepository,
    PathOutsideRepository,
    UnknownSession,
    SessionLocked,
    InvalidBranchName,
    GitFailed,
    StateCorrupt,
    GateNotApproved,
    UnknownRun,
    InvalidPlan,
    Conflict,
    TrackerFailed,
    UnsafePath,
}
