namespace Orchestrator.Core.Planning;

/// <summary>One problem in a chunk plan; the message names the chunks and files involved and the fix.</summary>
public sealed record ChunkPlanProblem(
    ChunkPlanProblemKind Kind,
    string Message,
    IReadOnlyList<string> ChunkIds,
    IReadOnlyList<string> Files);
