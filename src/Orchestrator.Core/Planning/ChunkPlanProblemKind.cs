namespace Orchestrator.Core.Planning;

/// <summary>What is wrong with a chunk plan.</summary>
public enum ChunkPlanProblemKind
{
    EmptyPlan,
    EmptyId,
    InvalidId,
    DuplicateId,
    EmptyScope,
    UnknownTier,
    UnknownDependency,
    DependencyCycle,
    EmptyFilePath,
    AbsolutePath,
    PathEscapesRepository,
    OverlappingFiles,
    LimitExceeded,
    ReservedPath,
}
