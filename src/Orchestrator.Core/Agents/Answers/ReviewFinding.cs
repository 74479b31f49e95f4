namespace Orchestrator.Core.Agents.Answers;

/// <summary>One reviewer finding: <c>{ chunkId, severity, title, detail?, file?, line? }</c>.</summary>
public sealed record ReviewFinding(
    string ChunkId,
    FindingSeverity Severity,
    string Title,
    string? Detail = null,
    string? File = null,
    int? Line = null);
