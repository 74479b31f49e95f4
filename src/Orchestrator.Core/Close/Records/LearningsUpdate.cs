namespace Orchestrator.Core.Close.Records;

/// <summary>The learnings after a session, and how many were new, confirmed, contradicted, decayed and pruned.</summary>
public sealed record LearningsUpdate(IReadOnlyList<LearningEntry> Entries, int New, int Confirmed, int Contradicted, int Decayed, int Pruned);
