namespace Orchestrator.Core.Trackers;

/// <summary>An issue that exists in a tracker: its number, title and where to see it (a file path for the local tracker).</summary>
public sealed record TrackedIssue(int Number, string Title, string Location, IReadOnlyList<string> Labels)
{
    /// <summary>How commits and reports refer to it.</summary>
    public string Reference => $"#{Number}";
}
