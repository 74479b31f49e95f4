using Orchestrator.Core.Trackers;

namespace Orchestrator.Core.Close.Issues;

/// <summary>An issue close means to file: its kind (<c>carryover</c>, <c>concerns</c>, <c>quality_gate</c> or <c>discovery</c>), the chunk it carries over, and the draft.</summary>
public sealed record PendingIssue(string Kind, string? ChunkId, IssueDraft Draft)
{
    public IssueRecord Record(IssueStatus status, TrackedIssue? issue = null, string? error = null) =>
        new(Kind, Draft.Title, status, issue?.Number, issue?.Location, Draft.Labels, Draft.Marker, ChunkId, error);
}
