namespace Orchestrator.Core.Trackers;

/// <summary>One issue of the local tracker as read from its file.</summary>
public sealed record LocalIssue(int Number, string Title, string State, IReadOnlyList<string> Labels, string? Marker, string Body, string Path)
{
    public TrackedIssue ToTracked() => new(Number, Title, Path, Labels);
}
