namespace Orchestrator.Core.Close.Records;

/// <summary>Something this session showed: a type, what it is about, the insight, and the type it contradicts.</summary>
public sealed record LearningObservation(string Type, string Subject, string Insight, string? Contradicts);
