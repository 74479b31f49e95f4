namespace Orchestrator.Core.Sessions;

/// <summary>A review concern (or unresolved blocker) the user chose to defer: close reports it and files carryover for it.</summary>
public sealed record DeferredConcern(
    string RunId,
    string ChunkId,
    string Severity,
    string Title,
    string? Detail = null,
    string? File = null,
    int? Line = null);
