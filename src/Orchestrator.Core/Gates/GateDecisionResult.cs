using Orchestrator.Core.Planning;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Gates;

/// <summary>
/// A recorded gate decision. For the concerns gate: the findings it covered, the unresolved blockers listed in full,
/// and (for "address") the follow-up chunk plan now waiting at the build gate.
/// </summary>
public sealed record GateDecisionResult(
    string Gate,
    string Decision,
    string DecidedBy,
    string Status,
    string? Note,
    string Phase,
    IReadOnlyList<DeferredConcern> Findings,
    IReadOnlyList<DeferredConcern> UnresolvedBlockers,
    SessionChunkPlan? FollowUp);
