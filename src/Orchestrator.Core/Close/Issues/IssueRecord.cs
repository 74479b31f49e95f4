namespace Orchestrator.Core.Close.Issues;

/// <summary>An issue close filed, found already filed, would file (dry run), skipped or could not file.</summary>
/// <param name="Kind"><c>carryover</c>, <c>concerns</c>, <c>quality_gate</c> or <c>discovery</c> (a blocker of the diff reviewer).</param>
/// <param name="Title">The issue title.</param>
/// <param name="Status">Created, exists, would create (dry run), skipped (create_issues false) or failed.</param>
/// <param name="Number">The issue number, when it exists.</param>
/// <param name="Location">URL, or the local file.</param>
/// <param name="Labels">Its labels.</param>
/// <param name="Marker">The hidden de-duplication marker.</param>
/// <param name="ChunkId">The chunk carried over (carryover issues).</param>
/// <param name="Error">Why it could not be filed.</param>
public sealed record IssueRecord(string Kind, string Title, IssueStatus Status, int? Number, string? Location, IReadOnlyList<string> Labels, string Marker, string? ChunkId, string? Error)
{
    public string? Reference => Number is { } n ? $"#{n}" : null;
}
