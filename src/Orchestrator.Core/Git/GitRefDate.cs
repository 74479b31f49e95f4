namespace Orchestrator.Core.Git;

/// <summary>A ref and the committer date of the commit it points at (null when it points at no commit).</summary>
public sealed record GitRefDate(string Name, DateTimeOffset? CommitDate);
